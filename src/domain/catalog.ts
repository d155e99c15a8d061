/**
 * The reference catalogue of ISO/IEC 27001:2022: requirement clauses 4.1–10.2 and the 93 Annex A
 * controls. Ids and titles are facts; nothing here reproduces the standard's text. Used by the
 * knowledge-base coverage test, reference parsing and (later) the Statement of Applicability.
 */

export type ControlTheme = 'organizational' | 'people' | 'physical' | 'technological';

export interface ClauseRef {
  readonly ref: string;
  readonly title: string;
}

export interface ControlRef {
  readonly ref: string;
  readonly title: string;
  readonly theme: ControlTheme;
  /** Introduced by the 2022 revision (the eleven new controls). */
  readonly newIn2022: boolean;
}

export const CLAUSES: readonly ClauseRef[] = [
  { ref: '4.1', title: 'Understanding the organization and its context' },
  { ref: '4.2', title: 'Understanding the needs and expectations of interested parties' },
  { ref: '4.3', title: 'Determining the scope of the information security management system' },
  { ref: '4.4', title: 'Information security management system' },
  { ref: '5.1', title: 'Leadership and commitment' },
  { ref: '5.2', title: 'Policy' },
  { ref: '5.3', title: 'Organizational roles, responsibilities and authorities' },
  { ref: '6.1', title: 'Actions to address risks and opportunities' },
  { ref: '6.1.1', title: 'General' },
  { ref: '6.1.2', title: 'Information security risk assessment' },
  { ref: '6.1.3', title: 'Information security risk treatment' },
  { ref: '6.2', title: 'Information security objectives and planning to achieve them' },
  { ref: '6.3', title: 'Planning of changes' },
  { ref: '7.1', title: 'Resources' },
  { ref: '7.2', title: 'Competence' },
  { ref: '7.3', title: 'Awareness' },
  { ref: '7.4', title: 'Communication' },
  { ref: '7.5', title: 'Documented information' },
  { ref: '7.5.1', title: 'General' },
  { ref: '7.5.2', title: 'Creating and updating' },
  { ref: '7.5.3', title: 'Control of documented information' },
  { ref: '8.1', title: 'Operational planning and control' },
  { ref: '8.2', title: 'Information security risk assessment' },
  { ref: '8.3', title: 'Information security risk treatment' },
  { ref: '9.1', title: 'Monitoring, measurement, analysis and evaluation' },
  { ref: '9.2', title: 'Internal audit' },
  { ref: '9.2.1', title: 'General' },
  { ref: '9.2.2', title: 'Internal audit programme' },
  { ref: '9.3', title: 'Management review' },
  { ref: '9.3.1', title: 'General' },
  { ref: '9.3.2', title: 'Management review inputs' },
  { ref: '9.3.3', title: 'Management review results' },
  { ref: '10.1', title: 'Continual improvement' },
  { ref: '10.2', title: 'Nonconformity and corrective action' },
];

const NEW_IN_2022 = new Set([
  'A.5.7',
  'A.5.23',
  'A.5.30',
  'A.7.4',
  'A.8.9',
  'A.8.10',
  'A.8.11',
  'A.8.12',
  'A.8.16',
  'A.8.23',
  'A.8.28',
]);

const THEMES: Record<string, ControlTheme> = {
  '5': 'organizational',
  '6': 'people',
  '7': 'physical',
  '8': 'technological',
};

const CONTROL_TITLES: ReadonlyArray<readonly [string, string]> = [
  ['A.5.1', 'Policies for information security'],
  ['A.5.2', 'Information security roles and responsibilities'],
  ['A.5.3', 'Segregation of duties'],
  ['A.5.4', 'Management responsibilities'],
  ['A.5.5', 'Contact with authorities'],
  ['A.5.6', 'Contact with special interest groups'],
  ['A.5.7', 'Threat intelligence'],
  ['A.5.8', 'Information security in project management'],
  ['A.5.9', 'Inventory of information and other associated assets'],
  ['A.5.10', 'Acceptable use of information and other associated assets'],
  ['A.5.11', 'Return of assets'],
  ['A.5.12', 'Classification of information'],
  ['A.5.13', 'Labelling of information'],
  ['A.5.14', 'Information transfer'],
  ['A.5.15', 'Access control'],
  ['A.5.16', 'Identity management'],
  ['A.5.17', 'Authentication information'],
  ['A.5.18', 'Access rights'],
  ['A.5.19', 'Information security in supplier relationships'],
  ['A.5.20', 'Addressing information security within supplier agreements'],
  ['A.5.21', 'Managing information security in the ICT supply chain'],
  ['A.5.22', 'Monitoring, review and change management of supplier services'],
  ['A.5.23', 'Information security for use of cloud services'],
  ['A.5.24', 'Information security incident management planning and preparation'],
  ['A.5.25', 'Assessment and decision on information security events'],
  ['A.5.26', 'Response to information security incidents'],
  ['A.5.27', 'Learning from information security incidents'],
  ['A.5.28', 'Collection of evidence'],
  ['A.5.29', 'Information security during disruption'],
  ['A.5.30', 'ICT readiness for business continuity'],
  ['A.5.31', 'Legal, statutory, regulatory and contractual requirements'],
  ['A.5.32', 'Intellectual property rights'],
  ['A.5.33', 'Protection of records'],
  ['A.5.34', 'Privacy and protection of PII'],
  ['A.5.35', 'Independent review of information security'],
  ['A.5.36', 'Compliance with policies, rules and standards for information security'],
  ['A.5.37', 'Documented operating procedures'],
  ['A.6.1', 'Screening'],
  ['A.6.2', 'Terms and conditions of employment'],
  ['A.6.3', 'Information security awareness, education and training'],
  ['A.6.4', 'Disciplinary process'],
  ['A.6.5', 'Responsibilities after termination or change of employment'],
  ['A.6.6', 'Confidentiality or non-disclosure agreements'],
  ['A.6.7', 'Remote working'],
  ['A.6.8', 'Information security event reporting'],
  ['A.7.1', 'Physical security perimeters'],
  ['A.7.2', 'Physical entry'],
  ['A.7.3', 'Securing offices, rooms and facilities'],
  ['A.7.4', 'Physical security monitoring'],
  ['A.7.5', 'Protecting against physical and environmental threats'],
  ['A.7.6', 'Working in secure areas'],
  ['A.7.7', 'Clear desk and clear screen'],
  ['A.7.8', 'Equipment siting and protection'],
  ['A.7.9', 'Security of assets off-premises'],
  ['A.7.10', 'Storage media'],
  ['A.7.11', 'Supporting utilities'],
  ['A.7.12', 'Cabling security'],
  ['A.7.13', 'Equipment maintenance'],
  ['A.7.14', 'Secure disposal or re-use of equipment'],
  ['A.8.1', 'User endpoint devices'],
  ['A.8.2', 'Privileged access rights'],
  ['A.8.3', 'Information access restriction'],
  ['A.8.4', 'Access to source code'],
  ['A.8.5', 'Secure authentication'],
  ['A.8.6', 'Capacity management'],
  ['A.8.7', 'Protection against malware'],
  ['A.8.8', 'Management of technical vulnerabilities'],
  ['A.8.9', 'Configuration management'],
  ['A.8.10', 'Information deletion'],
  ['A.8.11', 'Data masking'],
  ['A.8.12', 'Data leakage prevention'],
  ['A.8.13', 'Information backup'],
  ['A.8.14', 'Redundancy of information processing facilities'],
  ['A.8.15', 'Logging'],
  ['A.8.16', 'Monitoring activities'],
  ['A.8.17', 'Clock synchronization'],
  ['A.8.18', 'Use of privileged utility programs'],
  ['A.8.19', 'Installation of software on operational systems'],
  ['A.8.20', 'Networks security'],
  ['A.8.21', 'Security of network services'],
  ['A.8.22', 'Segregation of networks'],
  ['A.8.23', 'Web filtering'],
  ['A.8.24', 'Use of cryptography'],
  ['A.8.25', 'Secure development life cycle'],
  ['A.8.26', 'Application security requirements'],
  ['A.8.27', 'Secure system architecture and engineering principles'],
  ['A.8.28', 'Secure coding'],
  ['A.8.29', 'Security testing in development and acceptance'],
  ['A.8.30', 'Outsourced development'],
  ['A.8.31', 'Separation of development, test and production environments'],
  ['A.8.32', 'Change management'],
  ['A.8.33', 'Test information'],
  ['A.8.34', 'Protection of information systems during audit testing'],
];

export const CONTROLS: readonly ControlRef[] = CONTROL_TITLES.map(([ref, title]) => ({
  ref,
  title,
  theme: THEMES[ref.split('.')[1] ?? ''] ?? 'organizational',
  newIn2022: NEW_IN_2022.has(ref),
}));

/** Related standards and frameworks, by the names used as refs. */
export const RELATED_REFS = [
  'ISO/IEC 27002',
  'ISO/IEC 27005',
  'ISO/IEC 27017',
  'ISO/IEC 27018',
  'ISO/IEC 42001',
  'ISO/IEC 27701',
  'ISO 9001',
  'ISO 22301',
  'SOC 2',
  'NIST CSF',
  'GDPR',
  'NIS2',
] as const;

const CLAUSE_BY_REF = new Map(CLAUSES.map((c) => [c.ref, c]));
const CONTROL_BY_REF = new Map(CONTROLS.map((c) => [c.ref, c]));

export function findClause(ref: string): ClauseRef | undefined {
  return CLAUSE_BY_REF.get(ref);
}

export function findControl(ref: string): ControlRef | undefined {
  return CONTROL_BY_REF.get(ref);
}
