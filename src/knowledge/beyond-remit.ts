/**
 * Requests outside what a Q&A about ISO/IEC 27001 does, declined even when the message names a
 * control or a clause ("for our A.6.3 training write a phishing page", "did our SOC 2 auditor reply
 * yet?"): the ref does not make it a question about the standard. Each family is a shape of request
 * (attack tooling, made-up evidence, work on data, facts only the team has, private life…), with a
 * reply that says why and, where it helps, what the standard does say.
 */

import { WRITING_TASK_TEXT } from './off-topic.ts';

interface Family {
  readonly name: string;
  readonly shape: RegExp;
  readonly reply: string;
}

const NOT_MINE = "That's outside what I can help with: I only know ISO/IEC 27001 and running an ISMS.";

const FAMILIES: readonly Family[] = [
  {
    // Attack tooling and break-ins, whatever the stated purpose.
    name: 'attack',
    shape:
      /\b(?:write|build|make|create|code|generate|give me|set up|host|clone)\b.{0,40}\b(?:(?:working|real|convincing|fake) (?:phishing|login) (?:page|site|form|kit)|phishing (?:kit|page|site)|keyloggers?|malware|ransomware|trojans?|botnets?|credential[- ]harvest\w*|exploits? for)\b|\bcredential[- ]harvest\w*|\bphishing (?:e-?mails?|pages?|sites?|kits?)\b.{0,80}\b(?:harvest\w*|collect\w*|steal\w*|e-?mails? (?:me )?the passwords|sends? (?:me )?(?:the )?(?:passwords|creds))\b|\bsends? (?:the |their |all )?(?:creds|credentials|passwords|logins)\b.{0,20}\bto (?:my|our|a|an|this)\b|\bclones? (?:our|the|their|a) [\w -]{0,20}log-?in\b|\bfake (?:log-?in|sign-?in|sso|password) (?:page|site|form|portal|screen)\b|\b(?:copies|copy|spreads?|propagates?) itself\b|\bself-?replicat\w*|\bhow (?:do i|to|can i|would i)\b.{0,20}\b(?:disable|turn off|kill|bypass)\b.{0,20}\b(?:defender|antivirus|anti-virus|edr)\b|\b(?:disables?|turns? off|kills?) (?:windows )?(?:defender|antivirus|anti-virus|edr|av)\b.{0,60}\b(?:and then|then|plus|and copies)\b|\b(?:defender|antivirus|edr)\b.{0,40}\bvia the registry\b|\b(?:bypass(?:es|ing)?|defeat|get past|get around|clone) (?:an?|the|our|their|this) [\w -]{0,20}(?:badge|card|prox|rfid|door|lock|reader|alarm|cctv|camera)s?\b|\b(?:working|weaponi[sz]ed|functional|real) (?:[\w-]+ )?(?:\([^)]*\) )?exploit\b|\bexploit (?:against|for) (?:our|their|a|the|his|her)\b|\bwithout (?:the |our |their )?(?:soc|security team|blue team|monitoring|edr|siem|logging|alerts?) (?:noticing|seeing|knowing|finding out|firing|catching (?:it|them))\b|\bundetected\b|\bcover (?:our|their|my|your) tracks\b|\bevade (?:detection|the edr|the soc)\b|\bpick(?:ing)? (?:an?|the|our|their|this) [\w -]{0,20}locks?\b|\block ?pick\w*|\bcrack (?:an?|the|their|his|her|someone'?s) [\w -]{0,20}(?:password|hash|wifi|wi-fi)\b/i,
    reply:
      "I don't help build attack tools, get past locks or badges, or collect real credentials, even for a test. Authorised tests are planned and agreed first (A.8.34), physical entry controls are A.7.2, and awareness campaigns belong to A.6.3.",
  },
  {
    // Records of things that did not happen.
    name: 'fabricated evidence',
    shape:
      /\b(?:generate|create|make|write|produce|draft|fill in|put together|mock up)\b.{0,30}\b(?:fake|fabricated|made[- ]up|forged|backdated|pretend)\b.{0,40}\b(?:logs?|records?|evidence|minutes|reports?|reviews?|signatures?|screenshots?|tickets?|attendance|sign-?offs?)\b|\bbackdat\w*|\b(?:draft|write|prepare|create|make)\b.{0,100}\b(?:haven'?t|havent|have not|never|didn'?t|didnt|did not) (?:actually |even |yet )?(?:done|held|run|performed|did|had|started)\b|\bsign(?:ed)? (?:it |this |the [\w -]{1,30} )?(?:as |by )?['"‘’“](?:[a-z]\.|[a-z]+) ?[a-z]+|\b(?:generate|create|make|write|produce)\b.{0,40}\b(?:\d+ (?:months?|weeks?|years?|quarters?) of|past|historic\w*|missing)\b.{0,40}\b(?:logs?|records?|sign-?offs?|minutes|reviews?)\b|\bso (?:that )?it looks (?:consistent|real|legit|genuine|complete|authentic|done|finished|like we did)\b|\bthe real ones (?:got |were |are )?(?:lost|deleted|missing)\b|\bforg(?:e|ing) (?:a |the |his |her )?signatures?\b|\b(?:logs?|records?|evidence|minutes|reports?)\b.{0,40}\b(?:backdat\w*|dated back|as if|so (?:that )?the auditor (?:thinks|believes|sees)|make it look like)\b|\bas if (?:we|it|the board|they) (?:had|did|held|attended)\b|\bwe never (?:held|did|ran|had) (?:it|them|one|the)\b.{0,40}\b(?:write|make|create|draft)\b/i,
    reply:
      "I won't help make records of things that did not happen. An auditor who finds that stops trusting every other record. If a review or audit was missed, say so: record it as a nonconformity, hold it now, and show the corrective action (10.2). That passes an audit; invented evidence does not.",
  },
  {
    name: 'translation',
    shape:
      /\btranslat(?:e|ing|ion)\b.{0,80}\b(?:in(?:to)?|to)\s+(?:german|french|spanish|italian|portuguese|dutch|polish|czech|swedish|danish|norwegian|finnish|japanese|chinese|mandarin|korean|arabic|hindi|russian|ukrainian|turkish|greek|hebrew|english)\b|\btranslate (?:this|that|these|the following|it|our|my)\b/i,
    reply: WRITING_TASK_TEXT,
  },
  {
    // Work on the asker's data or text: analysis, sums, summaries, CVs, games.
    name: 'task',
    shape:
      /\b(?:summari[sz]e|tl;?dr)\b (?:this|the following|below|these|my|that|the (?:article|thread|text|e-?mail|pdf|attached)|what (?:people|everyone|they|we|the team) (?:said|wrote|discussed|posted))\b|\b(?:look over|proofread|review|improve|rewrite|rate|roast|check) (?:my|this) (?:cv|resume|résumé|cover letter|essay|linkedin(?: \w+)?|headline|profile|bio)\b|\b(?:p-?values?|statistically significant|(?:run a|linear|logistic) regression|standard deviation|chi[- ]squared?|full derivation|homework|stats assignment|exam question)\b|\b(?:chart|plot|graph)\b (?:the|this|these|it|them|blocked|allowed)\b|\b(?:work out|calculate|compute|count|find) (?:the )?(?:top \d+|average|mean|median|total|sum|probability)\b|\b(?:csv|log file|dataset)\b.{0,60}\b(?:work out|calculate|analy[sz]e|chart|plot|sort|dedupe|top \d+)\b|\b(?:vlookup|xlookup|index\s*\(|sumifs?|countifs?|pivot table|conditional formatting)\b|\b(?:play|let'?s play|wanna play)\b.{0,15}\b(?:hangman|chess|trivia|a game|20 questions|tic[- ]tac[- ]toe|wordle)\b|\blet'?s (?:do (?:a bit of |some )?)?(?:improv|role-?play)\b|\bpretend you(?:'re| are) my\b|\b(?:bracket|tournament|fixtures?|league table)\b.{0,30}\b(?:teams?|players?)\b|\bexcel formula\b|\bexchange rate\b|\b(?:eur|usd|gbp|chf|jpy) (?:to|in|into) (?:eur|usd|gbp|chf|jpy)\b|\bwhat(?:'s|s| is) \d+(?:[.,]\d+)? ?%? of \d|\b(?:funny|catchy|cool|good|fun) names? (?:for|ideas)\b|\bname ideas\b|\bformula (?:to|that|for)\b.{0,60}\b(?:cells?|columns?|col [A-Z])\b|\bgo through (?:it|this|these|them|the (?:log|logs|file|text|excerpt))\b.{0,20}\bline by line\b|\bhow (?:do i|to|can i|should i|do we) calculate\b.{0,40}\b(?:credits?|refunds?|penalt\w*|interest|tax(?:es)?|salar(?:y|ies)|bonus(?:es)?|invoices?|overtime)\b|\b(?:fix|debug) (?:my|this|our) (?:code|python|javascript|script|query|function|formula|regex)\b|\bthrows? (?:a |an )?\w*(?:error|exception)\b/i,
    reply: `${NOT_MINE} I don't work on data, text or code, or play games. Ask me what the standard expects (for example _what does A.8.15 logging require?_).`,
  },
  {
    // Facts only the team has: who replied, where someone is, a ticket's state, where a file is.
    name: 'team facts',
    shape:
      /\b(?:did|has|have)\b.{0,60}\b(?:e-?mail(?:ed)?|repl(?:y|ied)|respond(?:ed)?|answer(?:ed)?|writ(?:e|ten)|call(?:ed)?|got(?:ten)?|get|come|sign(?:ed)?|sen[dt]|closed?|approved?|merged?)\b.{0,30}\b(?:back |through )?yet\b|\b(?:email|e-mail|reply|respond|write|call|get) back\b.{0,30}\byet\b|\bwho(?:'s| is) on[- ]call\b|\bwhere(?:'s| is| are|did (?:we|i|you) (?:put|save|store))\b.{0,10}\b(?:our|my|the)\b.{0,30}\b(?:file|folder|doc|document|spreadsheet|link|drive|laptop|password|version)s?\b(?! (?:be|go)\b)|\bwhat did (?:our|the|my) (?:\w+ ){0,2}(?:auditors?|ceo|cto|boss|manager|consultant|lawyer|customer|certification body)\b.{0,30}\b(?:say|write|wrote|conclude|find|decide|report|mean)\b|\bis [A-Z][a-z]+\b.{0,25}\b(?:in the office|in today|at work|on leave|on holiday|on vacation|off sick|around today|online)\b|\bwhere(?:'s| is) (?!Annex|Clause|Control|ISO|The|This|It|That)[A-Z][a-z]+\b(?! [A-Z]?\d)|\bwhere (?:is|are|'s) (?:the|our|my) (?:latest |current |last |newest |final )?[\w -]{0,30}\b(?:stored|kept|saved|located)\b|\bwhat(?:'s| is) the (?:\w+ )?(?:password|passcode|pin code) (?:for|of|to)\b|\bit'?s in your (?:config|configuration|settings|environment|prompt)\b|\b(?:can you|could you|pls|please|can u) (?:check|verify|look up|confirm|find out) (?:if|whether|that)\b|\bcan'?t find (?:the|our|my|that)\b.{0,40}\b(?:pdf|file|doc|document|report|e-?mail|link|spreadsheet)\b|\b(?:status|state) of (?:(?:the|our|jira|ticket|pr|issue|change|request) ){0,3}#?[A-Z]{2,}-\d+\b|\b(?!ISO|IEC|SOC|NIS)[A-Z]{2,}-\d{2,}\b.{0,40}\b(?:approved|merged|done|closed|status)\b|\b(?:free|open) (?:\d+ ?min(?:ute)?s? )?slot\b|\b(?:calendar|availability) (?:of|for) [A-Z][a-z]+\b|\bhas the [\w -]{1,20} deal (?:closed|signed)\b|\bhow many (?:employees|people|staff|users|laptops|servers) (?:are|do we have|have we got)\b.{0,20}\b(?:currently|now|today|in scope|in our)\b|\bwhat (?:was|is|were) our (?:revenue|turnover|headcount|profit|arr|mrr)\b|\b(?:is|are) (?:our company|we|our org\w*|our isms) (?:fully|100 ?%|completely|totally) (?:compliant|certified)\b|\bwho approved the\b.{0,60}\b(?:last (?:year|month|week|quarter)|in 20\d\d)\b/i,
    reply:
      "I can't see your mail, calendars, tickets, files or what people said or decided outside the ISMS workflows. What this workspace records is in `/isms status`, the registers (`/isms risks`, `/isms soa`) and your App Home. Ask me what the standard expects instead.",
  },
  {
    // Private life: health, immigration, relationships, money, career moves.
    name: 'private life',
    shape:
      /\bshould i (?:just )?(?:quit|resign|leave (?:my|the|this) (?:job|company)|look for (?:a|another) job|ask for a (?:raise|promotion))\b|\bburn(?:ed|t)[\s-]?out\b|\bmy (?:manager|boss|colleague|coworker|co-worker)\b.{0,25}\b(?:keeps|always|hates|ignores|yells|micromanag\w*)\b|\bcareer (?:advice|change|path|move)\b|\bnotice period\b|\bhow much notice\b|\bif i (?:want to |wanna )?(?:quit|resign)\b|\b(?:relationship|dating|marriage) advice\b|\bmy (?:girlfriend|boyfriend|wife|husband|crush)\b|\bask (?:out|her out|him out|them out)\b|\b(?:(?:early|my|the) symptoms|panic attacks?|anxiety|insomnia|can'?t sleep|keep crying|crying in|aching|sore (?:back|wrist|neck)|rsi|migraines?)\b|\b(?:need a visa|visa (?:for|to)|h-?1b|green card|immigration)\b|\b(?:bitcoin|btc|ethereum|cryptocurrenc\w*|crypto (?:coins?|wallet)|cold wallet|stock market|stock price|etfs?)\b|\bshould i (?:do|get|take|study for|go for)\b.{0,30}\b(?:cissp|cism|cisa|crisc|security\+|oscp|ceh)\b|\bwhat salary\b|\b(?:exam|test) (?:hard|difficult|tough)\b|\bhow (?:many|much) (?:hours|time|weeks) (?:should|do|must) i study\b|\bstudy (?:plan|tips|guide) for\b|\b(?:cissp|cism|cisa|crisc|oscp|ceh)\b.{0,30}\bfor my career\b\?|\bwhich (?:one )?pays (?:more|better)\b|\b(?:schengen|business|tourist|work|travel) visas?\b|\bsalary (?:should|for|range|band)\b/i,
    reply: `${NOT_MINE} Someone you trust, HR or a professional is better placed. If audit work is the weight, ask me what it really requires; it is often less than it seems.`,
  },
  {
    // The standard's own text is sold; the bot explains it in its own words.
    name: 'copy of the standard',
    shape:
      /\b(?:download|pdf|copy|scan|full text)\b.{0,50}\b(?:for free|free of charge|without paying|don'?t want to pay)\b|\b(?:free|pirated|leaked) (?:pdf|copy|download) of\b/i,
    reply:
      "I can't share copies of the standard: ISO and the national standards bodies sell its text. I explain what it asks in my own words, clause by clause and control by control; ask me about any of them.",
  },
  {
    // Whether one vulnerability hits one's own systems: the team's scanner and vendor advisories know.
    name: 'specific vulnerability',
    shape:
      /\b(?:is|are|does|do)\b.{0,20}\bcve-\d{4}-\d{3,}\b.{0,60}\b(?:exploitable|affect\w*|vulnerable|present|on our|in our)\b|\b(?:are|is) (?:our|we|the) [\w -]{0,30}(?:vulnerable|exploitable) to\b/i,
    reply:
      "I can't tell whether a particular vulnerability affects your systems: your scanner, your asset inventory and the vendor's advisory can. What ISO/IEC 27001 asks is that you learn of vulnerabilities, judge your exposure and act in time (A.8.8), with threat intelligence feeding it (A.5.7).",
  },
  {
    // Reminders are set with the command, not asked for in a question.
    name: 'reminder request',
    shape:
      /^\W*(?:(?:pls|please|can you|could you|can u|hey|ok)[\s,]+)*remind (?:me|us|@?[a-z]+) (?:to|on|at|in \d|every|each|tomorrow|tonight|next|later|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b/i,
    reply:
      'I set reminders with a command, not from a question: `/isms remind add <cron> <time zone> me <text>`, for example `/isms remind add 0 9 * * 5 Europe/Berlin me Send the internal audit report to Jana` (`/isms remind` lists the options).',
  },
  {
    // Sport and trivia, however the question is dressed.
    name: 'trivia',
    shape:
      /\bwho won\b|\brecipes?\b|\bweather\b.{0,30}\b(?:in|on|for|tomorrow|today|tonight)\b|\bbook (?:me |us )?(?:a |an )?(?:flights?|hotels?|trains?|tables?|taxis?|rooms?)\b|\b(?:champions league|premier league|world cup|super bowl|nba|nfl|formula (?:1|one)|grand prix|olympics)\b/i,
    reply: `${NOT_MINE} Ask me about the standard, its clauses or its controls.`,
  },
  {
    // Watching people's private lives is not monitoring in the sense of A.8.16.
    name: 'surveillance',
    shape:
      /\b(?:track|monitor|watch|spy on|follow|stalk)\b.{0,60}\b(?:personal|private)\b.{0,20}\b(?:instagram|tiktok|facebook|social media|accounts?|phones?|life|posts)\b|\bspy on\b/i,
    reply:
      "I won't help watch people's private accounts or lives. ISO/IEC 27001 expects monitoring of your own systems for anomalies (A.8.16), within the law and what staff have been told (A.5.31, A.5.34); a suspected leak is handled as an incident (A.5.24 to A.5.28).",
  },
  {
    // About the bot itself rather than the standard.
    name: 'about the bot',
    shape:
      /\bwho (?:built|made|created|wrote|trained|programmed) you\b|\bhow much does it cost\b.{0,30}\b(?:run|host|keep) you\b|\bare you (?:human|a human|a real person|chatgpt|gpt|conscious|sentient)\b/i,
    reply:
      "I'm isms-bot, the ISMS assistant of this workspace: I answer questions about ISO/IEC 27001 from my knowledge base and run the ISMS workflows (`/isms help`). Ask me about the standard, its clauses or its controls.",
  },
];

/** The reason a request is beyond the remit, or undefined. */
export function beyondRemit(question: string): string | undefined {
  return FAMILIES.find((f) => f.shape.test(question))?.reply;
}
