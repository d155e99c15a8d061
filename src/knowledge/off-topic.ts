/**
 * Questions that match the knowledge base's words but not its subject: prices, other laws and
 * standards, legal advice, product choices and set-up, writing code or copy, helpdesk problems,
 * personal matters, and facts only the team has (who replied, where a file is). Each is declined with
 * the reason and what the bot can do instead, rather than answered from a passage that happens to
 * share their words. Each pattern is a shape of question, not a list of questions seen.
 */

import { askingPart } from './text.ts';

// Money questions about certification, audits or courses: the knowledge base has no prices.
// "Budget" alone is not a price ("does the auditor check the ISMS budget?"); "how much is a …" is.
const PRICE =
  /\b(costs?|prices?|pricing|priced|fees?|charges?|charging|quotes?|how much money|salar(?:y|ies)|day rates?)\b|\bhow much (?:is|are|does|do|would|will|should|did)\b(?!.{0,50}\b(?:time|effort|detail|documentation|evidence|risk|data|access|of|requir\w*|need\w*|expect\w*|cover\w*|matter\w*|apply|change\w*|overlap\w*|differ\w*)\b)|\b(?:how much|what|typical|realistic)\b.{0,12}\bbudget\b|(?<!\b(?:no|without|zero|little|limited|tight|small|low|tiny) )\bbudget (?:for|to get|needed)\b/i;
const PRICED_THING =
  /\b(certif\w*|audit\w*|consult\w*|course|training|bsi|body|bodies|iso|standard|licen[cs]e|pentest\w*)\b/i;

// "How much is Figma Pro for 10 seats per month?": what a product or plan costs.
const PLAN_PRICE =
  /\b(?:per (?:month|year|seat|user|head)|a month|a year|monthly|annually|seats?|subscriptions?|plans?|tiers?|licen[cs]es?|pro|premium|enterprise edition)\b/i;

// Other regulations and standards, which the knowledge base does not cover (those it does cover are refs).
const ELSEWHERE: readonly [RegExp, string?][] = [
  [/\bhipaa\b/i, 'HIPAA'],
  [/\bpci(?:[\s-]*dss)?\b/i, 'PCI DSS'],
  [/\bsox\b|\bsarbanes/i, 'SOX'],
  [/\bccpa\b|\bcpra\b/i, 'CCPA'],
  [/\bdora\b|\bdigital operational resilience act\b/i, 'DORA'],
  [/\bfedramp\b/i, 'FedRAMP'],
  [/\bfisma\b/i, 'FISMA'],
  [/\bcmmc\b/i, 'CMMC'],
  [/\bhitrust\b/i, 'HITRUST'],
  [/\btisax\b/i, 'TISAX'],
  [/\bcyber essentials\b/i, 'Cyber Essentials'],
  [/\bcsa star\b/i, 'CSA STAR'],
  [/\b(?:nist\s*)?(?:sp\s*)?800-\d+/i, 'NIST SP 800 series'],
  [/\b(?:iso\s*\/?\s*(?:iec)?\s*)?20000(?:-1)?\b/i, 'ISO/IEC 20000'],
  ...['LGPD', 'PIPEDA', 'POPIA', 'APPI', 'GLBA', 'FERPA', 'COPPA', 'eIDAS'].map((name): [RegExp, string] => [
    new RegExp(`\\b${name}\\b`, 'i'),
    name,
  ]),
  [/\bpsd\s*-?\s*2\b/i, 'PSD2'],
  [/\bsoc\s*-?\s*[13]\b/i, 'SOC 1 or SOC 3'],
  // Any other named law: "the EU AI Act", "the Cyber Resilience Act", "the NIS Directive".
  [
    /\b(?:EU|UK|US|[A-Z][a-z][\w-]*)(?:\s+(?:[A-Z][\w-]*|of|on|for|and))*\s+(?:Act|Directive)\b(?<!\bCheck\s+Act)/,
  ],
  [/\bcobit\b/i, 'COBIT'],
  // Any other ISO standard by number: "ISO 14001", "ISO 45001".
  [
    /\biso(?:\s*\/\s*iec)?\s*(?!(?:27001|27002|27005|27017|27018|27701|42001|9001|22301|27000)\b)\d{4,5}(?:-\d)?\b/i,
  ],
  [/\bitil\b/i, 'ITIL'],
];

// Legal advice about a particular law or jurisdiction.
const LEGAL =
  /\b(?:is (?:it|this|that)|are we|would (?:it|that) be) (?:even )?(?:legal|illegal|lawful|unlawful)\b|\bunder (?:[a-z]+ ){0,2}(?:state |federal |local )?law\b|\b(?:sue|sued|lawsuit|liable|lawyer|employment law|labou?r law)\b|(?<!\bnot (?:asking for|looking for|after|seeking) )\blegal advice\b|\b(?:get|be|being|getting) (?:fired|sacked|dismissed|sued)\b|\b(?:can|how (?:do|can|should)) (?:we|i) legally\b|\blegally (?:fire|dismiss|sack|terminate)\b|\bwrongful (?:dismissal|termination)\b|\b(?:is (?:that|it|this|the \w+) (?:even |actually )?)?enforceable\b|\bnon-?competes?\b|\b(?:our|my) defen[cs]e (?:argue|say|claim)\b/i;

// A writing job for the bot rather than a question: "draft a linkedin post for our launch".
const WRITING_TASK =
  /^(?:(?:can (?:you|u)|could (?:you|u)|would (?:you|u)|pls|plz|please|hey|so|quickly|help me)[\s,]+)*(?:draft|write|compose|create|generate|translate|rewrite|reword|proofread|polish)\b.{0,50}\b(?:posts?|tweets?|e-?mails?|letters?|blogs?|blog posts?|press releases?|announcements?|ads?|slogans?|newsletters?|job (?:ads?|descriptions?|postings?)|speech(?:es)?|captions?|bios?|taglines?|pitch(?:es)?|cover letters?|cvs?|resumes?|résumés?)\b/i;
export const WRITING_TASK_TEXT =
  "I answer questions about ISO/IEC 27001 and running an ISMS; I don't write posts, e-mails or other copy. Ask me what the standard expects instead (for example _what must security awareness cover?_).";

// How an exploit works inside: security research, not running an ISMS.
const EXPLOIT_INTERNALS =
  /\bat the (?:code|source|assembly|byte|packet) level\b|\bmathematically\b|\blets an attacker\b|\bcryptanaly\w*|\bhow (?:the |this |that |a |an )?[\w-]+ (?:exploit|payload|malware|ransomware strain|rootkit) (?:works|worked|is built)\b/i;

// Troubleshooting a particular product: symptoms, not ISMS questions.
const TROUBLESHOOTING =
  /\b(?:(?:wi-?fi|wireless|guest network|door|alarm|printer|vpn) (?:password|code|pin|key)|what(?:'s| is) the (?:password|passcode|pin)\b|keeps? (?:crashing|freezing|hanging|dropping|disconnecting|restarting|rebooting|logging (?:me )?out)|how (?:do|can|should) i (?:fix|repair|solve|get rid of|remove)\b|\b(?:keeps? )?(?:showing|popping up|pops up)\b.{0,20}\b(?:pop-?ups?|virus|warnings?|ads?)\b|crash(?:es|ed|ing)?\b|won'?t (?:open|start|load|boot|connect|install)|not working|stopped working|blue screen|error code|(?:reset|unlock|recover) my\b|forgot (?:my|the) password|locked out|bad gateway|\b[45]\d\d (?:error|bad gateway|not found|forbidden|internal server error)|what do i change in the config|jam(?:med|s|ming)?\b|out of (?:toner|paper|ink)|(?:is|are|got) broken|(?:printer|monitor|keyboard|mouse|headset|dock(?:ing station)?|charger|laptop screen)\b.{0,30}\b(?:broken|dead|flickering|not charging)|who (?:do|should|can) i (?:ping|call|ask|contact|tell) about (?:the|my|a) (?:printer|wi-?fi|laptop|monitor|vpn))/i;

// Office life and HR administration that share words with the knowledge base (office, staff, leave).
const OFFICE_LIFE =
  /\b(?:deduct\w*|tax (?:returns?|deductions?|deductible)|on my taxes|business class|economy class|book (?:a |my )?(?:flights?|hotels?|trains?|taxis?)|per diems?|travel (?:booking|allowance)|accruals?|prepaid|prepayments?|depreciation|amorti[sz]ation|revenue recognition|bookkeeping|journal entr(?:y|ies)|gaap|ifrs|(?:parental|maternity|paternity|bereavement|garden(?:ing)?) leave|pto|bonus(?:es)?|pensions?|401k|stock options|vat|sales tax|tax rates?|lunch|dinner|restaurants?|pizza|snacks?|coffee machines?|meeting rooms?|book a room|annual leave|vacation days|holiday allowance|sick days|expense claims?|all-hands|(?:holiday|christmas|xmas|summer|team|office|birthday|leaving) (?:party|parties|dinner|drinks|outing)|(?:team|company) offsites?|offsite (?:trip|event|day)s?|team[- ]building|parking (?:spots?|spaces?|permits?)|swag|payslips?|pay ?day|when does payroll run|payroll date)\b/i;

// Choosing or buying a product: "the best password manager to buy", "CrowdStrike or SentinelOne?".
const PRODUCT_CHOICE =
  /(?<!\b(?:need|needs|have|has|got|must|required|forced|supposed|obliged|NEED|HAVE|MUST)(?: to| TO)? )\b(?:buy|purchase|purchasing)\b(?! (?:orders?|requests?|process|approvals?|invoices?))|\b(?:which|what)(?: one| [\w-]+)?(?: is|'s|s| are)? (?:better|best|cheaper)\b|\bbetter value\b|\bbest (?!practices?\b)[\w-]+ (?:to|for) (?!(?:comply|meet|pass|iso|the standard|certification|an? audit)\b)|\bwhich (?:tool|product|vendor|provider|brand|certification body|registrar|auditing firm|consultancy|consultant) (?:should|to|is best|do you recommend)\b|\b(?:recommend|suggest) (?:a|an|any|some) (?:good )?(?:tool|product|vendor|certification body|consultant|consultancy|auditor)s?\b|\b(?:recommend|suggest) (?:me )?(?:a|an|any|some|the best) (?!(?:good |sensible |reasonable )?(?:way|approach|process|frequency|interval|structure|format|template|method|order|scope|owner|policy|control|set of controls)\b)[\w-]+(?: [\w-]+)? (?:for|that|with|to)\b|\bbest [\w-]+ (?:under|below|for less than) [$€£]?\d|\b(?:any|a) good [\w-]+(?: [\w-]+)? for my (?:mom|mum|dad|parents|grandma|grandpa|kids?|family|wife|husband|partner)\b|\bwhich (?:certification body|registrar|auditor|consultancy) is (?:the )?(?:cheapest|best|fastest)\b|\b[A-Z][\w-]*[a-z][\w-]* (?:or|vs\.?|versus|better than) [A-Z][\w-]*[a-z][\w-]*\b(?!\s*\d)/;

// Set-up instructions for a particular product ("configure X in <product>, step by step").
const HOW_TO =
  /\b(?:how (?:do|can|should|would) (?:i|we|you)|how to|steps? to|walk me through)\b.{0,60}\b(?:set(?:ting)? ?up|configur\w*|install\w*|enabl\w*|turn(?:ing)? on|integrat\w*|creat\w*|rotat\w*|migrat\w*|deploy\w*|upgrad\w*|connect\w*|export\w*|script\w*|automat\w*)\b|\bstep[- ]by[- ]step\b|\bconsole clicks\b/i;
const PRODUCT_HOW_TO =
  "Step-by-step set-up of a particular product is for its vendor's documentation, and not in my knowledge base. Ask me what ISO/IEC 27001 expects instead (for example _what does A.8.5 require?_).";

/**
 * A how-to about a particular product: set-up wording and a product named after in/on/with/using
 * ("… in GitHub", "… on a Fortinet FortiGate"), or any name the knowledge base has never heard of.
 */
export function productHowTo(question: string, known: (word: string) => boolean): string | undefined {
  if (INFRA_CODE.test(question)) return INFRA_CODE_TEXT;
  if (!HOW_TO.test(question)) return undefined;
  if (PRODUCT.test(question)) return PRODUCT_HOW_TO;
  const name = /[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*\b/.source;
  const product = new RegExp(`\\b(?:in|on|with|using|via|for)\\s+(?:an?\\s+|the\\s+|our\\s+)?${name}`);
  const names = [...question.matchAll(new RegExp(`(?<=\\s)${name}`, 'g'))].map((m) => m[0]);
  // "… rate limiting in nginx": a lower-case name the knowledge base has never heard of is a product too.
  // Only right after the set-up verb ("configure rate limiting in nginx", not "merging in spring").
  const placed = [
    ...question.matchAll(
      /\b(?:set ?up|configure|install|enable|deploy|integrate|turn on)\b.{0,40}?\b(?:in|on|with|using|via)\s+(?:an?\s+|the\s+|our\s+)?([a-z][\w.-]{2,})/g,
    ),
  ].map((m) => m[1] ?? '');
  return product.test(question) || [...names, ...placed].some((n) => !known(n)) ? PRODUCT_HOW_TO : undefined;
}

// Products and vendors people name in lower case too ("set up okta sso with google workspace").
const PRODUCT =
  /\b(?:okta|entra|azure ad|active directory|google workspace|gsuite|g suite|microsoft 365|m365|office 365|o365|intune|jamf|kandji|github|gitlab|bitbucket|jira|confluence|slack|aws|azure|gcp|cloudflare|crowdstrike|sentinelone|defender|datadog|splunk|terraform|kubernetes|k8s|docker|jenkins|vanta|drata|1password|bitwarden|lastpass|salesforce|hubspot|zoom|notion|dropbox|auth0|onelogin|duo|fortinet|fortigate|palo alto|cisco|meraki|sophos|zscaler|tailscale|wireguard|openvpn)\b/i;

// Writing infrastructure or other code is not the knowledge base's subject, whatever control it touches.
const INFRA_CODE =
  /\b(?:terraform|cloudformation|pulumi|bicep|ansible|helm|kubernetes|k8s|dockerfile|yaml|json|bash|powershell|python|sql|regex|iam) (?:code|module|template|manifest|chart|playbook|policy document|script|snippet|query|resource|config(?:uration)?|file)s?\b.{0,40}\b(?:for|to|that)\b|\bhow (?:do|can|would|should) (?:i|we) (?:write|code|set up) (?:an?|the|our) (?:k8s|kubernetes|terraform|helm|ansible|docker|aws|gcp|azure|iam)? ?(?:networkpolic(?:y|ies)|manifest|module|playbook|helm chart|dockerfile|iam polic(?:y|ies)|cloudformation template)\b|^(?:(?:can you|could you|pls|please|hey|so)[\s,]+)*(?:write|give me|generate|show me|paste)\b.{0,30}\b(?:terraform|cloudformation|pulumi|bicep|ansible|helm|dockerfile|kubernetes manifest|script|snippet|regex|sql query|code)\b/i;
export const INFRA_CODE_TEXT =
  "Writing infrastructure or other code is not in my knowledge base; your platform's documentation is the place for that. I can tell you what ISO/IEC 27001 expects of it (for example _what does A.8.9 configuration management require?_).";

// Code help: "need a regex to find …", "how do I hash passwords in Python".
const CODE_HELP =
  /\b(?:need|want|looking for|give me|got|write me|share)\b.{0,12}\b(?:an?|some|the|a quick|a small)\s+(?:[\w+#.-]+\s+)?(?:regex(?:es)?|regular expressions?|scripts?|snippets?|one-?liners?|bash commands?|shell commands?|grep commands?|sql quer(?:y|ies)|quer(?:y|ies)|code samples?|functions?|lambdas?|cron ?jobs?|excel formulas?|formulas?)\b|\bgrep -[a-z]+\b|\b(?:cli|shell|config(?:uration)?|powershell|bash) commands?\b|\bhow (?:do|can|would|should) i\b.{0,60}\b(?:in|with|using) (?:python|js|javascript|typescript|node(?:\.?js)?|java|golang|rust|c#|c\+\+|php|ruby|bash|powershell|excel|google sheets)\b/i;

export function elsewhere(question: string): string | undefined {
  for (const [re, name] of ELSEWHERE) {
    const m = re.exec(question);
    if (!m) continue;
    const other = name ?? m[0].replace(/^the\s+/i, '');
    return `${other} is not in my knowledge base: I cover ISO/IEC 27001 and the standards and frameworks it is often mapped to (ISO/IEC 27002, 27005, 27017, 27018, 27701, 42001, ISO 9001, ISO 22301, SOC 2, NIST CSF, GDPR, NIS2). For ${other}, go to its own text or a specialist.`;
  }
  if (PRODUCT_CHOICE.test(askingPart(question)))
    return "I don't recommend or compare products and vendors. ISO/IEC 27001 leaves the choice to you; what it asks is that whatever you choose meets your security requirements and, for suppliers, is assessed and agreed in the contract (Annex A 5.19 to 5.22).";
  if (LEGAL.test(question))
    return "I can't give legal advice. ISO/IEC 27001 asks you to identify the laws and contracts that apply to you and meet them (Annex A 5.31, 5.34); whether something is lawful where you operate is a question for your legal counsel.";
  if (WRITING_TASK.test(question)) return WRITING_TASK_TEXT;
  if (CODE_HELP.test(question)) return INFRA_CODE_TEXT;
  if (EXPLOIT_INTERNALS.test(question))
    return 'How an exploit works inside is security research, not in my knowledge base. What ISO/IEC 27001 asks is that you learn of such vulnerabilities and act on them (A.8.8 technical vulnerabilities, A.5.7 threat intelligence).';
  if (OFFICE_LIFE.test(askingPart(question)))
    return "I only know about ISO/IEC 27001 and running an ISMS, so I can't help with that one. Ask me about the standard, its clauses or its controls.";
  if (TROUBLESHOOTING.test(askingPart(question)))
    return 'That sounds like a technical support problem rather than an ISO/IEC 27001 question; your IT support or the vendor can help. Ask me about the standard, its clauses or its controls.';
  return undefined;
}

export const asksPrice = (question: string): boolean => {
  const q = askingPart(question);
  return PRICE.test(q) && (PRICED_THING.test(question) || PLAN_PRICE.test(q));
};
