/**
 * Everyday phrases and what the knowledge base calls them: "the auditor flagged it" is a
 * nonconformity, "their own laptops" are user endpoint devices. Each phrase adds the knowledge base's
 * words to the query (synonyms.ts) and counts as known when the question's coverage is judged.
 */

// What people without the standard's vocabulary call its things: "that thing where we rate risks",
// "security goals with numbers", "what our CEO has to do", "big changes to the security setup".
export const PLAIN_WORDS: readonly [RegExp, string][] = [
  [
    /\b(?:rate|rating|score|scoring|rank|ranking|grade)\s+(?:\w+\s+){0,2}risks?\b|\brisks?\s+(?:rating|scores?|scoring)\b/gi,
    'risk assessment',
  ],
  [
    /\bsecurity\s+(?:goals?|targets?|aims?|kpis?)\b|\b(?:goals?|targets?)\b(?=.{0,40}\b(?:numbers?|measur\w*|metrics?)\b)/gi,
    'information security objectives measurable',
  ],
  [
    /\b(?:ceo|cto|coo|cfo|founders?|co-?founders?|board|boss|bosses|leadership team|exec(?:utive)?s?)\b/gi,
    'top management',
  ],
  [
    /\b(?:big|major|large|significant)\s+changes?\b(?=.{0,60}\b(?:isms|security|setup|set-up|program|programme)\b)|\b(?:merg(?:e|er|ing)|acqui(?:re|red|ring|sition))\b/gi,
    'planning of changes to the isms',
  ],
  [
    /\b(?:clicked|opened|followed)\s+(?:a|the|an|some)\s+(?:\w+\s+)?(?:link|attachment)\b|\b(?:sending|sent)\s+spam\b|\b(?:got|been|was|is)\s+(?:hacked|compromised|phished)\b/gi,
    'information security incident response',
  ],
  [
    /\bpolicy\s+docs?\b|\b(?:docs?|documents?)\b(?=.{0,100}\b(?:versions?|versioning|approv\w*|where we keep|stored?)\b)/gi,
    'documented information control',
  ],
  // "the auditor flagged it", "audit findings", "a minor NC": a nonconformity and its corrective action.
  [
    /\b(?:minor|major)\s+(?:nc|ncs|non-?conformit(?:y|ies)|findings?)\b|\b(?:auditors?|assessors?|audit)\b.{0,30}\b(?:flagged|found|raised|spotted|noted|gave us|issued|wrote (?:it |us )?up|picked up)\b|\b(?:flagged|raised|written up)\b.{0,20}\bby (?:the |our )?(?:auditors?|audit)\b|\baudit findings?\b/gi,
    'nonconformity corrective action',
  ],
  [
    /\bwork(?:ing)? (?:remotely )?(?:from|in) (?:abroad|home|overseas|another country|a different country|\w+ for (?:\d+|a few|some|several) (?:weeks|months))\b|\bdigital nomads?\b|\bworkations?\b/gi,
    'remote working',
  ],
  [
    /\b(?:direct|root|admin|sudo|superuser)\s+(?:prod(?:uction)?\s+)?(?:db\s+|database\s+)?access\b|\b(?:have|has|get|gets|with|give|wants?|needs?|asks? for|asking for)\s+(?:sudo|root|domain admin|local admin|global admin|super ?admin|tenant admin)\b|\bsudo (?:rights|access|on)\b/gi,
    'privileged access rights',
  ],
  // Training records and people's certificates: evidence of competence.
  [
    /\btraining (?:records?|logs?|history|certificates?)\b|\b(?:copies|records?|proof) of (?:their |people'?s |staff'?s? |employees'? )?(?:certs?|certificates?|certifications?|qualifications?|trainings?)\b|\b(?:peoples?|staff|employees'?|their) (?:certs?|certificates?|certifications?|qualifications?)\b/gi,
    'evidence of competence',
  ],
  // Working on one's own computer: user endpoint devices (BYOD).
  [
    /\b(?:their|his|her|my|our|staff'?s?|people'?s|employees'?) own (?:gaming )?(?:pcs?|laptops?|computers?|macs?|phones?|devices?|tablets?)\b|\bpersonal (?:pcs?|laptops?|computers?|phones?|devices?|tablets?)\b|\bprivate (?:laptops?|phones?|devices?|pcs?)\b/gi,
    'user endpoint devices byod',
  ],
  // Company files to personal mail or chat apps: data leakage, and information transfer.
  [
    /\b(?:email|e-mail|send|forward|upload|copy|copie)\w*\b.{0,40}\bto (?:their|his|her|my|a) (?:own |private |personal )(?:gmail|e-?mail|accounts?|dropbox|drive|cloud)\b|\bpersonal (?:gmail|e-?mail accounts?|dropbox)\b/gi,
    'data leakage prevention',
  ],
  [
    /\b(?:send|share|shar|transfer|forward|email|e-mail|upload)\w*\b.{0,40}\b(?:over|via|through|thru|by|on|using|with) (?:whatsapp|signal|telegram|wetransfer|sms|text messages?|personal e-?mail|usb sticks?)\b/gi,
    'information transfer',
  ],
  // Devices taken home or off site.
  [
    /\b(?:take|takes|taking|took)\b.{0,20}\b(?:laptops?|tablets?|devices?|equipment|kit|phones?|drives?)\b.{0,10}\bhome\b|\b(?:kit|equipment|devices?|laptops?) (?:leaving|off) (?:the )?(?:site|premises|building|office)\b|\boff-?site (?:equipment|devices?|kit)\b/gi,
    'security of assets off-premises',
  ],
  // Pirated software: licences and intellectual property rights.
  [
    /\b(?:cracked|pirated|unlicen[cs]ed|warez|keygens?|licen[cs]e compliance)\b/gi,
    'intellectual property rights licences',
  ],
  // Systems the vendor will not let you patch, out of support.
  [
    /\b(?:can'?t|cannot|not allowed to|won'?t let us|void the warranty|voids? (?:the )?(?:warranty|support))\b.{0,40}\b(?:patch|update|upgrade|install)\w*|\bunpatch(?:ed|able)\b|\bwindows (?:xp|7|vista|2003|2008)\b|\bend[- ]of[- ](?:life|support)\b|\bout of support\b|\blegacy (?:os|systems?|machines?|devices?)\b/gi,
    'technical vulnerabilities legacy systems risk treatment',
  ],
  // Certifying only part of the company: the ISMS scope.
  [
    /\b(?:certificate|certification|isms|scope)\b.{0,20}\b(?:cover|include|be limited to|apply to)\w*\b.{0,10}\b(?:just|only|part of)\b|\b(?:just|only) (?:the|one|our) [\w-]+(?: [\w-]+)? (?:part|side|site|team|department|product|business unit) (?:certified|in scope)\b/gi,
    'isms scope boundaries',
  ],
  // One person who can both set up and approve, or approve their own: segregation of duties.
  [
    /\b(?:create|set up|add|enter|raise|request)\w*\b.{0,40}\b(?:and|AND|&)\s+(?:also\s+)?(?:approve|pay|sign off|release|authori[sz]e)\w*\b|\bapprov\w* (?:their|his|her|my) own\b|\bsame (?:person|guy|people|user) (?:who |that )?(?:can )?(?:requests?|creates?|approves?|pays?)\b/gi,
    'segregation of duties',
  ],
  // Where equipment sits and what can go wrong around it: environmental threats and siting.
  [
    /\b(?:smoke|fire|flood\w*|water|leak\w*|heat|overheat\w*|humidity|dust)\b.{0,50}\b(?:server room|servers?|racks?|comms room|data room|network cupboard)\b|\b(?:server room|racks?|comms room|data room|network cupboard)\b.{0,50}\b(?:kitchen|toilets?|bathroom|basement|window|water pipes?|sprinklers?|toaster)\b/gi,
    'protecting against physical and environmental threats equipment siting',
  ],
  // Cooling and power that fail: supporting utilities.
  [
    /\b(?:ac|a\/c|air ?con\w*|cooling|hvac|power|ups|generator|electricity)\b.{0,40}\b(?:stopped|failed|fails|broke|died|went (?:down|out|off)|outages?|cuts?|tripped)\b|\b(?:power|cooling) (?:outages?|cuts?|failures?)\b/gi,
    'supporting utilities',
  ],
  // Security certifications of staff: competence.
  [/\b(?:cissp|cism|cisa|crisc|oscp|ceh|security\+|comptia)\b/gi, 'competence'],
  // What is in the ISMS: its scope.
  [/\b(?:in|inside|part of|covered by) the isms\b/gi, 'isms scope boundaries'],
  // Password resets for whoever calls: verifying identity before handing out authentication information.
  [
    /\b(?:reset\w*|chang\w*|hand\w* out|giv\w* out)\b.{0,20}\bpasswords?\b.{0,60}\b(?:calls?|calling|phones?|asks?|just (?:says?|gives?)|over the phone)\b/gi,
    'authentication information identity verification',
  ],
  // Something already went wrong on a machine: the incident and what is kept of it.
  [
    /\b(?:got|was|were|been) (?:encrypted|infected|hacked|compromised)\b|\bopened an? [\w.-]{0,20}\.(?:zip|exe|js|iso|docm|xlsm)\b|\b(?:nobody|no one|didn'?t|did not) (?:wrote|write|writes|recorded?|logged?|documented?) (?:anything|it|that)\b/gi,
    'information security incident response collection of evidence',
  ],
  // Showing the ISMS works: monitoring, measurement and evaluation.
  [
    /\b(?:metrics?|kpis?)\b|\bisms (?:is )?(?:actually |really )?(?:working|effective)\b|\bshow (?:that )?(?:our |the )?isms\b/gi,
    'monitoring measurement analysis evaluation',
  ],
  // Former staff still on systems: removal of access rights.
  [
    /\b(?:ex-?employees?|ex-?staff|former (?:employees?|staff|colleagues|contractors)|leavers?)\b.{0,20}\bstill\b/gi,
    'removal of access rights',
  ],
  // Auditing one's own work: objectivity and impartiality of internal audit.
  [
    /\baudit(?:s|ing)? (?:my|our|his|her|their) own\b|\b(?:auditor|audit)\b.{0,40}\b(?:same person|who wrote|wrote (?:half|most|all|some)|own work)\b/gi,
    'internal audit objectivity impartiality',
  ],
  // Reviews after something went wrong: learning from incidents.
  [
    /\bpost-?mortems?\b|\bretrospectives?\b|\bafter-action\b|\blessons learn\w*/gi,
    'learning from information security incidents',
  ],
  // Who can read or clone the code: access to source code.
  [
    /\b(?:clone|read|pull|see)\w*\b.{0,20}\b(?:every|all|any|the) (?:git )?(?:repos?|repositor\w*|source code|codebase)\b|\b(?:repos?|repositor\w*|source code|codebase)\b.{0,30}\b(?:everyone|every contractor|all contractors|anyone) can\b/gi,
    'access to source code',
  ],
  // Accounts of people who left: removal of access rights.
  [
    /\b(?:kill|disable|deactivate|remove|delete|close|revoke|turn off|shut off)\w*\b.{0,20}\b(?:their|his|her|the|old|leavers?'?s?) (?:accounts?|logins?|access)\b/gi,
    'removal of access rights',
  ],
  // Giving away, selling or recycling old devices: secure disposal or re-use.
  [
    /\b(?:donat\w*|giv(?:e|ing) away|sell(?:ing)? (?:off )?(?:our |the )?(?:old|used)|recycl\w*|e-?waste|scrap(?:ping|ped)?|bin(?:ning|ned)?)\b.{0,40}\b(?:laptops?|pcs?|computers?|phones?|devices?|drives?|disks?|servers?|equipment|hardware)\b/gi,
    'secure disposal or re-use of equipment',
  ],
  // Sharing files with outsiders: information transfer.
  [
    /\banyone with the link\b|\b(?:shar\w*|(?:send\w*|email\w*|e-mail\w*) (?:the |our )?(?:files?|documents?|data|folders?|reports?|exports?))\b.{0,40}\b(?:with|to) (?:clients?|customers?|externals?|external people|third parties|partners|outsiders)\b/gi,
    'information transfer',
  ],
  // Blocking websites: web filtering.
  [
    /\bblock\w*\b.{0,40}\b(?:sites|websites|urls|domains)\b|\b(?:url|content|dns) filter\w*/gi,
    'web filtering',
  ],
  // Deploying straight to production: change management.
  [
    /\b(?:push|deploy|ship|releas)\w*\b.{0,20}\b(?:straight|directly|right)?\s*(?:to|into|on) prod(?:uction)?\b/gi,
    'change management',
  ],
  // Doors propped open, tailgating: physical entry to secure areas.
  [
    /\b(?:wedge[sd]?|wedging|prop(?:s|ped|ping)?|leave[sn]?|left|keep[s]?|kept)\b.{0,20}\bdoors?\b.{0,10}\bopen\b|\b(?:doors?|fire exits?|exits?|gates?)\b.{0,40}\b(?:wedged|propped|left) open\b|\btailgat\w*|\bpiggyback\w*/gi,
    'physical entry secure areas',
  ],
  // Papers left on printers and desks: clear desk and clear screen.
  [
    /\bprint-?outs?\b|\bprinted (?:copies|pages|documents?)\b|\b(?:left|lying|leave)\b.{0,40}\b(?:on|at|by) (?:the|a|their|his|her)(?: \w+)? (?:printer|desks?|copier|counter|reception)\b|\bpost-?its?\b/gi,
    'clear desk clear screen',
  ],
  // A fraud or spoofed mail that already happened: the incident, and learning from it.
  [
    /\b(?:looked like it came from|pretending to be|impersonat\w*|spoof(?:ed|ing)?|ceo fraud|invoice fraud|business email compromise|whaling)\b|\b(?:after the fact|like nothing happened|moving on)\b/gi,
    'information security incident response learning from incidents',
  ],
  [/\b(?:in|out of)\s+scope\b|\bwhat(?:'s| is)? (?:in|out)\b(?=.{0,30}\bscope\b)/gi, 'isms scope boundaries'],
];

/**
 * The question with its everyday phrases put in the knowledge base's words ("spoofed our CFO" →
 * "information security incident …"), so that they count as known when coverage is judged.
 */
export function inPlainWordsOfKb(question: string): string {
  return PLAIN_WORDS.reduce((q, [re, words]) => q.replace(re, ` ${words} `), question);
}
