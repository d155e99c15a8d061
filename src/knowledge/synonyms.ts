/**
 * Acronyms and everyday words of the field, expanded into the words the knowledge base uses.
 * Applied to questions only: documents keep their own wording (and their `keywords`).
 */
import { PLAIN_WORDS } from './plain-words.ts';
import { stem } from './text.ts';

const EXPANSIONS: Record<string, string> = {
  soa: 'statement of applicability',
  mfa: 'multi-factor authentication',
  '2fa': 'two-factor multi-factor authentication',
  otp: 'one-time password authentication',
  sso: 'single sign-on authentication identity',
  iam: 'identity access management',
  pam: 'privileged access',
  rbac: 'role-based access control',
  dlp: 'data leakage prevention',
  byod: 'bring your own device personal endpoint devices',
  mdm: 'mobile device management endpoint',
  edr: 'endpoint detection response malware',
  av: 'antivirus malware',
  antivirus: 'malware endpoint protection',
  mac: 'endpoint device laptop',
  macs: 'endpoint devices laptops',
  macbook: 'endpoint device laptop',
  macbooks: 'endpoint devices laptops',
  iphone: 'mobile endpoint device',
  android: 'mobile endpoint device',
  insurance: 'share risk treatment',
  siem: 'security information event management logging monitoring',
  soc: 'security operations monitoring',
  ids: 'intrusion detection monitoring network',
  waf: 'web application firewall network',
  vpn: 'virtual private network remote access',
  pentest: 'penetration testing',
  pentesting: 'penetration testing',
  vuln: 'vulnerability',
  vulns: 'vulnerabilities',
  cve: 'vulnerability',
  cves: 'vulnerabilities',
  patching: 'patch vulnerabilities',
  dpa: 'data processing agreement processor',
  dpia: 'data protection impact assessment privacy',
  pii: 'personally identifiable information personal data privacy',
  phi: 'health personal data privacy',
  bcp: 'business continuity plan',
  bcm: 'business continuity management',
  dr: 'disaster recovery continuity',
  drp: 'disaster recovery plan continuity',
  rto: 'recovery time objective continuity',
  rpo: 'recovery point objective backup',
  kms: 'key management cryptography',
  hsm: 'hardware security module key management cryptography',
  tls: 'encryption transport cryptography',
  ssl: 'encryption transport cryptography',
  sdlc: 'secure development life cycle',
  ci: 'continuous integration pipeline',
  cicd: 'pipeline deployment change',
  nda: 'non-disclosure confidentiality agreement',
  ndas: 'non-disclosure confidentiality agreements',
  cab: 'change advisory board change management',
  cia: 'confidentiality integrity availability',
  pdca: 'plan do check act',
  ai: 'artificial intelligence',
  ml: 'machine learning artificial intelligence',
  llm: 'large language model artificial intelligence',
  llms: 'large language models artificial intelligence',
  genai: 'generative artificial intelligence',
  chatgpt: 'public ai chatbot artificial intelligence',
  copilot: 'ai assistant artificial intelligence',
  saas: 'cloud service',
  iaas: 'cloud service',
  paas: 'cloud service',
  aws: 'cloud service',
  gcp: 'cloud service',
  azure: 'cloud service',
  kpi: 'measurement metrics',
  kpis: 'measurement metrics',
  ncr: 'nonconformity',
  nc: 'nonconformity',
  ncs: 'nonconformities',
  capa: 'corrective action nonconformity',
  wfh: 'remote working',
  // Factory and OT words: an HMI panel or a PLC is equipment and software like any other.
  hmi: 'industrial control endpoint device equipment',
  plc: 'industrial control system equipment',
  plcs: 'industrial control systems equipment',
  scada: 'industrial control systems',
  ot: 'operational technology industrial control systems',
  firmware: 'software updates technical vulnerabilities patching',
  scrap: 'secure disposal re-use of equipment',
  scrapped: 'secure disposal re-use of equipment',
  reimaged: 'malware incident response',
  laptop: 'endpoint device',
  laptops: 'endpoint devices',
  usb: 'removable storage media',
  wifi: 'wireless network',
  hr: 'human resources employment',
  onboarding: 'employment screening new hires',
  offboarding: 'termination leavers return of assets access removal',
  leaver: 'termination change of employment',
  leavers: 'termination change of employment',
  contractors: 'contractor supplier personnel',
  vendor: 'supplier',
  vendors: 'suppliers',
  auditor: 'audit',
  startup: 'small company',
  startups: 'small companies',
  scaleup: 'small company',
  sme: 'small company',
  smb: 'small company',
  worth: 'value why customers ask',
  ex: 'former leavers termination',
  former: 'leavers termination',
  login: 'authentication access',
  logins: 'authentication access',
  departing: 'termination leavers offboarding return of assets',
  leaving: 'termination leavers offboarding',
  quits: 'termination leavers offboarding',
  resigns: 'termination leavers offboarding',
  fired: 'termination leavers disciplinary',
  hide: 'masking redaction',
  mask: 'masking',
  obfuscate: 'masking',
  anonymise: 'anonymisation masking',
  anonymize: 'anonymisation masking',
  pseudonymise: 'pseudonymisation masking',
  redact: 'redaction masking',
  scrub: 'masking anonymisation',
  scrubbing: 'masking anonymisation',
  sanitise: 'masking anonymisation',
  sanitize: 'masking anonymisation',
  generator: 'supporting utilities power',
  generators: 'supporting utilities power',
  aircon: 'supporting utilities cooling',
  hvac: 'supporting utilities cooling',
  cupboard: 'equipment room',
  agency: 'outsourced development supplier',
  outsource: 'outsourced supplier',
  outsourcing: 'outsourced supplier',
  freelancer: 'contractor',
  freelancers: 'contractors',
  burns: 'fire disaster disruption continuity',
  burn: 'fire disaster disruption continuity',
  earthquake: 'natural disaster environmental threats',
  outage: 'disruption availability continuity',
  github: 'source code repository',
  gitlab: 'source code repository',
  proprietary: 'confidential intellectual property',
  kubernetes: 'cloud configuration hardening',
  k8s: 'cloud configuration hardening',
  docker: 'container configuration',
  containers: 'configuration hardening',
  eks: 'cloud service',
  terraform: 'infrastructure as code configuration',
  s3: 'cloud storage',
  bucket: 'cloud storage',
  buckets: 'cloud storage',
  slack: 'communication tool saas',
  jira: 'ticket tool saas',
  okta: 'identity provider sso',
  phishing: 'phishing awareness email',
  ransomware: 'malware backup incident',
  drives: 'storage media',
  disks: 'storage media',
  shred: 'disposal destruction',
  throw: 'disposal',
  recycle: 'disposal re-use',
  snapshot: 'backup',
  snapshots: 'backups',
  restore: 'backup restore',
  uptime: 'availability',
  ddos: 'network service availability',
  firewall: 'network security',
  cookies: 'privacy personal data',
  customers: 'customer',
  certification: 'certification audit',
  gap: 'gap analysis',
  // Everyday words for what the knowledge base calls staff, equipment, disposal, incidents …
  employee: 'staff personnel',
  employees: 'staff personnel',
  workers: 'staff personnel',
  computer: 'endpoint device equipment',
  computers: 'endpoint devices equipment',
  pc: 'endpoint device equipment',
  printer: 'equipment',
  printers: 'equipment',
  bin: 'disposal',
  sell: 'disposal re-use',
  ebay: 'disposal re-use',
  hack: 'incident attack',
  hacked: 'incident attack',
  breach: 'incident',
  breached: 'incident',
  postmortem: 'lessons learned incident',
  bug: 'vulnerability defect',
  bugs: 'vulnerabilities defects',
  app: 'application',
  apps: 'applications',
  card: 'payment data masking',
  cards: 'payment data masking',
  screen: 'display',
  website: 'web',
  websites: 'web filtering',
  browsing: 'web filtering',
  notebook: 'development environment',
  notebooks: 'development environment',
  hardcoded: 'secrets source code',
  hardcoding: 'secrets source code',
  openai: 'ai supplier',
  anthropic: 'ai supplier',
  servers: 'infrastructure systems',
  traffic: 'capacity network',
  spike: 'capacity',
  spikes: 'capacity',
  scale: 'capacity',
  prod: 'production',
  deploy: 'change deployment',
  deploys: 'change deployment',
  deployment: 'change',
  push: 'change deployment',
  starters: 'new hires employment',
  joiners: 'new hires employment',
  newcomer: 'new hires employment',
  intel: 'intelligence',
  tenant: 'customer data segregation',
  tenants: 'customer data segregation',
  office: 'premises physical',
  cafe: 'remote working',
  coffee: 'remote working',
  home: 'remote working',
  migrating: 'change',
  migration: 'change',
  weird: 'suspicious',
  odd: 'suspicious',
  strange: 'suspicious',
  dodgy: 'suspicious malicious',
  sketchy: 'suspicious malicious',
  fishy: 'suspicious',
  flag: 'report',
  box: 'server',
  boxes: 'servers',
  az: 'availability zone redundancy',
  postgres: 'database',
  mysql: 'database',
  dies: 'failure outage',
  downtime: 'availability outage',
  spof: 'single point of failure redundancy',
  permissions: 'access rights',
  comms: 'communication',
  fonts: 'licences intellectual property',
  photos: 'licences intellectual property',
  images: 'licences intellectual property',
  pirated: 'licences intellectual property',
  unlicensed: 'licences intellectual property',
  secret: 'confidential confidentiality',
  sign: 'agreement',
  mover: 'role change access rights',
  movers: 'role change access rights',
};

// Looked up by the word as typed, then by its stem, so "hiding" finds "hide" and "employees" "employee".
const BY_STEM = new Map(Object.entries(EXPANSIONS).map(([w, e]) => [stem(w), e]));
const expansionOf = (word: string): string | undefined => {
  const w = word.toLowerCase();
  if (Object.hasOwn(EXPANSIONS, w)) return EXPANSIONS[w];
  const st = stem(w);
  // Inflections share an expansion ("departing", "departs"); another word on the same stem does not
  // ("department" is not someone departing).
  if (DERIVED.test(w.slice(st.length))) return undefined;
  return BY_STEM.get(st);
};
const DERIVED = /^(?:ment|ments|ure|ures|ity|ities|ness|ship|ships|ist|ists)$/;

/** Whether a word of a question is one the knowledge base understands through an expansion. */
export function hasExpansion(word: string): boolean {
  return expansionOf(word) !== undefined;
}

// "a 40-person SaaS", "our 12 people startup": the size of the company, not a question about SaaS.
const COMPANY =
  /\b\d+[\s-]*(?:person|people|employees?|staff|strong)\s+(?:saas|startup|company|business|fintech|scale-?up|shop|team)\b/gi;

// "still has their macbook — we need to get it back": returning assets, whatever was lent.
const GET_BACK =
  /\b(?:get|getting|got|give|gave|given|giving|hand(?:s|ed|ing)?|bring|brought|bringing|send|sent|sending)\s+(?:\w+\s+){0,2}back\b/gi;

// Onboarding a vendor or a tool is about suppliers, not new hires.
const SUPPLIER_CONTEXT =
  /\b(?:vendors?|suppliers?|tools?|saas|services?|providers?|partners?|apps?|software)\b/i;
const IN_SUPPLIER_CONTEXT: Record<string, string> = {
  onboard: 'supplier assessment',
  onboarding: 'supplier assessment',
  vet: 'supplier assessment due diligence',
  checks: 'supplier assessment due diligence',
};

// Annex A's themes by number: "section 8 of Annex A", "Annex A section 6".
const ANNEX_THEME =
  /\b(?:section|theme|chapter|part)\s+([5-8])\s+(?:of|in)\s+(?:the\s+)?annex\s*a\b|\bannex\s*a\s*[,:]?\s*(?:section|theme|chapter|part)\s+([5-8])(?![.\d])/gi;
const THEMES = { '5': 'organizational', '6': 'people', '7': 'physical', '8': 'technological' } as const;
const THEME_NAMED =
  /\b(?:section|theme|chapter|part)\s+([5-8])\s+(?:of|in)\s+(?:the\s+)?annex\s*a\b|\bannex\s*a\s*[,:]?\s*(?:section|theme|chapter|part)?\s*([5-8])(?![.\d])|\bA\.?([5-8])\s+(?:controls|theme|section)\b/i;

/** The Annex A theme a question names by number ("Annex A section 6", "the A.8 controls"), if any. */
export function annexTheme(question: string): '5' | '6' | '7' | '8' | undefined {
  const m = THEME_NAMED.exec(question);
  return (m?.[1] ?? m?.[2] ?? m?.[3]) as '5' | '6' | '7' | '8' | undefined;
}

// Where a question names a product or vendor beside a subject of its own ("who gets prod admin in
// aws"), the name says where, not what: it counts little, so it cannot pull in the cloud control.
const VENDORS = new Set(
  `aws azure gcp github gitlab bitbucket okta google jira slack salesforce notion zoom dropbox microsoft
  entra intune jamf crowdstrike cloudflare datadog splunk heroku vercel atlassian confluence figma hubspot
  stripe sentry docker kubernetes terraform workspace m365 o365`
    .split(/\s+/)
    .filter(Boolean),
);

/** A product or vendor name: it says where, not what, so it neither adds to nor lowers a question's coverage. */
export const isVendorName = (word: string): boolean => VENDORS.has(word.toLowerCase());

// "backups?? ugh auditors man": who will look, not what is asked about (9.2 is not the subject).
const ASIDES = new Set(['auditor', 'auditors']);
const STOPLIKE = new Set([
  'what',
  'which',
  'does',
  'have',
  'need',
  'should',
  'when',
  'where',
  'about',
  'with',
  'that',
  'this',
  'there',
  'their',
  'they',
  'want',
  'will',
  'would',
  'could',
]);

/**
 * The question (company sizes normalised) and, apart, the expansions of its acronyms and everyday
 * words, and the vendor names it mentions beside a subject of its own.
 */
export function expandQuery(question: string): {
  readonly base: string;
  readonly extra: string;
  readonly vendors: string;
} {
  const extra = new Set<string>();
  let base = question
    .replace(COMPANY, 'small company')
    .replace(GET_BACK, (m) => `${m} return of assets`)
    .replace(ANNEX_THEME, (m, a?: string, b?: string) => {
      const theme = THEMES[(a ?? b) as keyof typeof THEMES];
      return theme ? `${m} ${theme} controls` : m;
    });
  // Plain words count as expansions (less than what was typed), so they cannot outweigh the subject.
  for (const [re, words] of PLAIN_WORDS) if (new RegExp(re.source, 'i').test(question)) extra.add(words);
  const suppliers = SUPPLIER_CONTEXT.test(base);
  const tokens = base.toLowerCase().split(/[^a-z0-9]+/);
  const aside = (w: string) => VENDORS.has(w) || ASIDES.has(w);
  const named = tokens.filter(aside);
  const subject = tokens.filter((w) => w.length > 3 && !aside(w) && !STOPLIKE.has(w)).length >= 1;
  const vendors = subject ? named : [];
  if (vendors.length) base = base.replace(/[A-Za-z0-9]+/g, (w) => (aside(w.toLowerCase()) ? ' ' : w));
  for (const w of tokens) {
    if (vendors.includes(w)) continue;
    const e = (suppliers ? IN_SUPPLIER_CONTEXT[w] : undefined) ?? (w.length > 1 ? expansionOf(w) : undefined);
    if (e) extra.add(e);
  }
  return { base, extra: [...extra].join(' '), vendors: vendors.join(' ') };
}
