// Word lists and awkward strings for generated records. The awkward ones (unicode, right-to-left,
// control characters, U+FFFE) are what a Splunk pipeline must carry through byte-exactly.

export const USERS = [
  'KaiC@contoso.onmicrosoft.com', 'DavidS@contoso.onmicrosoft.com', 'admin@contoso.com', 'secAdmin@contoso.com',
  'soc-tier1@contoso.com', 'mei.chen@contoso.com', 'zoë.müller@contoso.com', 'حسن@contoso.com',
];

export const INCIDENT_NAMES = [
  'Multi-stage incident involving Initial access & Command and control on multiple endpoints reported by multiple sources',
  'Multi-stage incident involving Execution & Command and control on one endpoint',
  'Suspicious PowerShell activity on one endpoint',
  'Phishing campaign delivering credential harvesting links to multiple users',
  'Ransomware activity detected on multiple endpoints',
  'Anomalous sign-in activity involving one user',
  'Data exfiltration attempt to personal cloud storage',
  'Malware detected on one endpoint',
];

export const ALERT_TITLES = [
  'Suspicious execution of hidden file',
  'Low-reputation arbitrary code executed by signed executable',
  'Suspicious PowerShell command line',
  'Possible credential theft activity',
  'Email messages containing malicious URL removed after delivery',
  'Impossible travel activity',
  'Suspicious inbox manipulation rule',
  'Mass download by a single user',
  'Ransomware behavior detected in the file system',
  'Connection to a custom network indicator',
];

export const CATEGORIES = [
  'DefenseEvasion', 'Execution', 'CredentialAccess', 'InitialAccess', 'CommandAndControl', 'Exfiltration',
  'LateralMovement', 'Persistence', 'Ransomware', 'SuspiciousActivity', 'Malware',
];

export const MITRE = ['T1564.001', 'T1059.001', 'T1003', 'T1566.002', 'T1078', 'T1486', 'T1071', 'T1064', 'T1085', 'T1220'];

export const THREAT_FAMILIES = ['Raspberry Robin', 'Qakbot', 'Emotet', 'Mimikatz', 'CobaltStrike', null] as const;

export const DESCRIPTIONS = [
  'A hidden file has been launched. This activity could indicate a compromised host. Attackers often hide files associated with malicious tools to evade file system inspection and defenses.',
  'Binaries signed by Microsoft can be used to run low-reputation arbitrary code. This technique hides the execution of malicious code within a trusted process.',
  'Microsoft observed Raspberry Robin worm activity spreading through infected USB on multiple devices in your environment.',
  'A user signed in from two distant locations within a time shorter than the travel time between them.',
];

/** Strings that stress encoders; records pick them deterministically. */
export const AWKWARD = [
  '可疑的 PowerShell 活动 — 横向移动',                  // CJK
  '不審なサインイン アクティビティ',                     // Japanese
  '의심스러운 로그인 활동',                              // Korean
  '🚨 Ransomware 🔥 detected 🛡️👩‍💻',                  // emoji incl. ZWJ sequence and VS16
  'Zoe\u0308 Ma\u0301rquez: combining marks (e\u0301\u0301)', // combining marks
  'نشاط مشبوه على الجهاز',                               // Arabic, right-to-left
  'פעילות חשודה בתיבת הדואר',                             // Hebrew, right-to-left
  'mixed \u202Eevil.exe\u202C direction override',       // bidi override
  'control\u0001chars\u001Fin\ttext\rand \uFFFE here',   // U+0001, U+001F, tab, CR, U+FFFE
  'quote " backslash \\ slash / and <html>&amp;',
];

export const TAGS = ['Demo', 'Ransomware', 'VIP', 'Escalated', '演示', 'تصعيد', 'needs-review'];

export const RECOMMENDED_ACTIONS =
  'Collect artifacts and determine scope\n\u2022\tReview the machine timeline for suspicious activities.\n\u2022\tLook for the presence of relevant artifacts on other systems.\n\nInitiate containment & mitigation\n\u2022\tContact the user to verify intent and initiate local remediation actions as needed.';

/** A >100 KB description for the few records that carry one. */
export function longText(seedWord: string): string {
  const paragraph = `${seedWord}: ${DESCRIPTIONS.join(' ')} ${AWKWARD.slice(0, 7).join(' · ')}\n`;
  return paragraph.repeat(Math.ceil(110_000 / paragraph.length));
}
