// Graph alert evidence: the four subtypes of the recorded fixtures with exactly their properties,
// a spread of the other CSDL subtypes (defender-api.md §3.2) and one unknown future subtype that
// parsers must pass through untouched.
import type { Prng } from '../prng';
import { formatTicks, type Ticks } from '../time';
import { AWKWARD, USERS } from './vocabulary';
import { evidenceRemediationStatus, evidenceRole, evidenceVerdict } from './enums';

type Props = Record<string, unknown>;
type Make = (r: Prng, t: Ticks) => Props;

const ip = (r: Prng): string => `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
const sha1 = (r: Prng): string => r.hex(40);
const sha256 = (r: Prng): string => r.hex(64);
const iso = (t: Ticks): string => formatTicks(t);

const fileDetails = (r: Prng, name?: string): Props => ({
  sha1: sha1(r),
  sha256: sha256(r),
  fileName: name ?? r.pick(['MsSense.exe', 'powershell.exe', 'rundll32.exe', 'invoice.pdf.exe', '报告.docm']),
  filePath: r.pick(['C:\\Program Files\\temp', 'C:\\Windows\\System32', 'C:\\Users\\Public\\Downloads', '/usr/bin']),
  fileSize: r.int(1024, 9_000_000),
  filePublisher: r.pick(['Microsoft Corporation', null]),
  signer: null,
  issuer: null,
});

const userAccount = (r: Prng): Props => {
  const upn = r.pick(USERS);
  return {
    accountName: upn.split('@')[0],
    domainName: r.pick(['CONTOSO', 'NT AUTHORITY']),
    userSid: `S-1-5-21-${r.int(1e8, 4e9)}-${r.int(1e8, 4e9)}-${r.int(1e3, 9e4)}`,
    azureAdUserId: r.chance(0.7) ? r.guid() : null,
    userPrincipalName: r.chance(0.8) ? upn : null,
    displayName: r.chance(0.2) ? r.pick(AWKWARD) : upn.split('@')[0],
  };
};

const deviceId = (r: Prng): string => r.hex(40);
const labels = (r: Prng): Props => ({ app: r.pick(['web', 'api', 'worker']), tier: r.pick(['prod', 'dev']) });
const streamOf = (r: Prng): Props => ({ name: r.pick(['SecurityAlert', 'CloudAppEvents']) });
const geo = (r: Prng): Props => ({
  city: r.pick(['Seattle', 'Amsterdam', 'Tōkyō', 'São Paulo']),
  countryName: r.pick(['US', 'NL', 'JP', 'BR']),
  latitude: r.int(-80, 80) + 0.5,
  longitude: r.int(-170, 170) + 0.25,
  state: r.pick(['Washington', 'Noord-Holland', null]),
});

/** Subtype name (without namespace and 'Evidence') → type-specific properties. */
export const EVIDENCE_TYPES: Readonly<Record<string, Make>> = {
  device: (r, t) => ({
    firstSeenDateTime: iso(t - 9e12),
    mdeDeviceId: deviceId(r),
    azureAdDeviceId: r.chance(0.5) ? r.guid() : null,
    deviceDnsName: r.pick(['tempDns', 'ws-0042.contoso.com', 'srv-sql01', 'ноутбук-7']),
    osPlatform: r.pick(['Windows10', 'Windows11', 'WindowsServer2022', 'Linux', 'macOS']),
    osBuild: r.int(17763, 26100),
    version: r.pick(['Other', '22H2', '23H2']),
    healthStatus: r.pick(['active', 'inactive', 'impairedCommunication']),
    riskScore: r.pick(['none', 'low', 'medium', 'high']),
    rbacGroupId: r.int(1, 200),
    rbacGroupName: r.pick(['UnassignedGroup', 'Servers', 'Workstations']),
    onboardingStatus: r.pick(['onboarded', 'canBeOnboarded']),
    defenderAvStatus: r.pick(['unknown', 'updated', 'notUpdated']),
    ipInterfaces: [ip(r)],
    loggedOnUsers: [],
    vmMetadata: r.chance(0.5) ? {
      vmId: r.guid(), cloudProvider: 'azure',
      resourceId: `/subscriptions/${r.guid()}/resourceGroups/rg-${r.hex(4)}/providers/Microsoft.Compute/virtualMachines/vm-${r.hex(6)}`,
      subscriptionId: r.guid(),
    } : null,
  }),
  file: (r) => ({ detectionStatus: r.pick(['detected', 'blocked', 'prevented']), mdeDeviceId: deviceId(r), fileDetails: fileDetails(r) }),
  process: (r, t) => ({
    processId: r.int(4, 65000),
    parentProcessId: r.int(4, 65000),
    processCommandLine: r.pick(['"MsSense.exe"', 'powershell.exe -enc SQBFAFgA', 'rundll32.exe  c:\\temp\\suspicious.dll,RepeatAfterMe', `cmd /c echo ${r.pick(AWKWARD)}`]),
    processCreationDateTime: iso(t - 3e10),
    parentProcessCreationDateTime: iso(t - 9e10),
    detectionStatus: r.pick(['detected', 'blocked']),
    mdeDeviceId: deviceId(r),
    imageFile: fileDetails(r),
    parentProcessImageFile: { ...fileDetails(r, 'services.exe'), sha1: null, sha256: null },
    userAccount: userAccount(r),
  }),
  registryKey: (r) => ({
    registryKey: r.pick(['SYSTEM\\CONTROLSET001\\CONTROL\\WMI\\AUTOLOGGER\\SENSEAUDITLOGGER', 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run']),
    registryHive: r.pick(['HKEY_LOCAL_MACHINE', 'HKEY_CURRENT_USER']),
  }),
  registryValue: (r) => ({
    mdeDeviceId: deviceId(r),
    registryHive: 'HKEY_LOCAL_MACHINE',
    registryKey: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    registryValue: r.pick(['C:\\Users\\Public\\updater.exe', '0x00000001']),
    registryValueName: r.pick(['Updater', 'Start']),
    registryValueType: r.pick(['String', 'Dword', 'Binary']),
  }),
  ip: (r) => ({ countryLetterCode: r.pick(['US', 'NL', 'JP', 'BR']), ipAddress: ip(r), location: geo(r), stream: streamOf(r) }),
  url: (r) => ({ url: r.pick(['https://contoso-login.example/verify', 'http://198.51.100.7/payload.bin', 'https://例え.jp/パス']) }),
  user: (r) => ({ stream: streamOf(r), userAccount: userAccount(r) }),
  mailbox: (r) => {
    const upn = r.pick(USERS);
    return { displayName: upn.split('@')[0], primaryAddress: upn, upn, userAccount: userAccount(r) };
  },
  analyzedMessage: (r, t) => ({
    antiSpamDirection: r.pick(['Inbound', 'Outbound', 'Intra-org']),
    attachmentsCount: r.int(0, 3),
    deliveryAction: r.pick(['Delivered', 'Blocked', 'Junked']),
    deliveryLocation: r.pick(['Inbox/folder', 'Quarantine', 'Junk folder']),
    internetMessageId: `<${r.hex(16)}@mail.contoso.com>`,
    language: r.pick(['en', 'ja', 'ar']),
    networkMessageId: r.guid(),
    p1Sender: { displayName: 'IT Support', domainName: 'contoso-support.example', emailAddress: 'it@contoso-support.example' },
    p2Sender: { displayName: r.pick(AWKWARD), domainName: 'contoso-support.example', emailAddress: 'noreply@contoso-support.example' },
    receivedDateTime: iso(t - 5e9),
    recipientEmailAddress: r.pick(USERS),
    senderIp: ip(r),
    subject: r.pick(['Your password expires today', 'Invoice #4471', 'عاجل: تحقق من حسابك']),
    threatDetectionMethods: ['URL detonation reputation'],
    threats: ['Phish'],
    urlCount: r.int(0, 4),
    urls: ['https://contoso-login.example/verify'],
    urn: `urn:MailEntity:${r.hex(32)}`,
  }),
  mailCluster: (r) => ({
    clusterBy: 'Subject;P2SenderDomain',
    clusterByValue: r.hex(20),
    emailCount: r.int(2, 500),
    networkMessageIds: [r.guid(), r.guid()],
    query: 'Subject eq "Invoice" and P2SenderDomain eq "contoso-support.example"',
    urn: `urn:MailClusterEntity:${r.hex(32)}`,
  }),
  mailboxConfiguration: (r) => ({
    configurationId: r.guid(), configurationType: r.pick(['mailForwardingRule', 'owaSettings']),
    displayName: 'Forward to external', externalDirectoryObjectId: r.guid(), mailboxPrimaryAddress: r.pick(USERS), upn: r.pick(USERS),
  }),
  submissionMail: (r, t) => ({
    networkMessageId: r.guid(), recipient: r.pick(USERS), reportType: 'Phish', sender: 'it@contoso-support.example',
    senderIp: ip(r), subject: 'Invoice #4471', submissionDateTime: iso(t - 1e9), submissionId: r.guid(), submitter: r.pick(USERS),
  }),
  teamsMessage: (r, t) => ({
    campaignId: null, channelId: `19:${r.hex(32)}@thread.tacv2`, deliveryAction: 'Delivered', deliveryLocation: 'teams',
    files: [], groupId: r.guid(), isExternal: r.chance(0.5), isOwned: r.chance(0.5), lastModifiedDateTime: iso(t - 2e9),
    messageDirection: 'inbound', messageId: String(r.int(1e9, 2e9)), owningTenantId: r.guid(), parentMessageId: null,
    receivedDateTime: iso(t - 3e9), recipients: [r.pick(USERS)], senderFromAddress: 'external@fabrikam.example', senderIP: ip(r),
    sourceAppName: 'Teams', sourceId: r.guid(), subject: null, suspiciousRecipients: [], threadId: r.hex(12), threadType: 'chat', urls: [],
  }),
  cloudApplication: (r) => ({
    appId: r.int(10000, 99999), displayName: r.pick(['Microsoft Exchange Online', 'Dropbox', 'Box']), instanceId: r.int(0, 3),
    instanceName: 'Default', saasAppId: r.int(10000, 99999), stream: streamOf(r),
  }),
  cloudLogonRequest: (r) => ({ requestId: r.guid() }),
  cloudLogonSession: (r, t) => ({
    account: userAccount(r), browser: 'Edge 126', deviceName: 'LAPTOP-7', operatingSystem: 'Windows 11',
    previousLogonDateTime: iso(t - 8e11), protocol: 'OAuth2', sessionId: r.guid(), startUtcDateTime: iso(t - 4e10), userAgent: 'Mozilla/5.0',
  }),
  hostLogonSession: (r, t) => ({
    account: userAccount(r), endUtcDateTime: iso(t - 1e10), host: { mdeDeviceId: deviceId(r), deviceDnsName: 'ws-0042' },
    sessionId: r.guid(), startUtcDateTime: iso(t - 5e10),
  }),
  oauthApplication: (r) => ({ appId: r.guid(), displayName: r.pick(['Mail Sync Pro', '📧 Helper']), objectId: r.guid(), publisher: 'Fabrikam' }),
  servicePrincipal: (r) => ({
    appId: r.guid(), appOwnerTenantId: r.guid(), servicePrincipalName: 'automation-sp', servicePrincipalObjectId: r.guid(),
    servicePrincipalType: 'application', tenantId: r.guid(),
  }),
  securityGroup: (r) => ({ displayName: r.pick(['Domain Admins', 'Finance', 'مجموعة المالية']), securityGroupId: r.guid() }),
  activeDirectoryDomain: (r) => ({ activeDirectoryDomainName: r.pick(['contoso.local', 'corp.contoso.com']) }),
  aiAgent: (r) => ({ agentId: r.guid(), agentName: 'HR assistant', hostingPlatformType: 'copilotStudio', instructions: 'Answer HR questions.' }),
  amazonResource: (r) => ({ amazonAccountId: String(r.int(1e11, 9e11)), amazonResourceId: `arn:aws:s3:::bucket-${r.hex(6)}`, resourceName: `bucket-${r.hex(6)}`, resourceType: 'S3Bucket' }),
  azureResource: (r) => ({
    resourceId: `/subscriptions/${r.guid()}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st${r.hex(8)}`,
    resourceName: `st${r.hex(8)}`, resourceType: 'Microsoft.Storage/storageAccounts',
  }),
  googleCloudResource: (r) => ({
    fullResourceName: `//compute.googleapis.com/projects/p-${r.hex(6)}/zones/us-east1-b/instances/vm-1`, location: 'us-east1-b',
    locationType: 'zonal', projectId: `p-${r.hex(6)}`, projectNumber: r.int(1e9, 9e9), resourceName: 'vm-1', resourceType: 'compute.instances',
  }),
  blob: (r) => ({
    blobContainer: { name: 'backups', url: 'https://st.blob.core.windows.net/backups' }, etag: `0x${r.hex(15).toUpperCase()}`,
    fileHashes: [{ algorithm: 'sha256', value: sha256(r) }], name: 'db.bak', url: 'https://st.blob.core.windows.net/backups/db.bak',
  }),
  blobContainer: (r) => ({ name: 'backups', storageResource: { resourceName: `st${r.hex(8)}`, resourceType: 'Microsoft.Storage/storageAccounts' }, url: 'https://st.blob.core.windows.net/backups' }),
  sasToken: (r, t) => ({
    allowedIpAddresses: '0.0.0.0-255.255.255.255', allowedResourceTypes: ['container'], allowedServices: ['blob'], expiryDateTime: iso(t + 8e11),
    permissions: ['read', 'list'], protocol: 'https', signatureHash: sha256(r), signedWith: 'key1', startDateTime: iso(t - 1e10),
    storageResource: { resourceName: `st${r.hex(8)}`, resourceType: 'Microsoft.Storage/storageAccounts' },
  }),
  container: (r) => ({
    args: ['--serve'], command: ['/bin/sh', '-c'], containerId: r.hex(64), image: { imageId: `sha256:${sha256(r)}`, digestImage: null, registry: { registry: 'contoso.azurecr.io' } },
    isPrivileged: r.chance(0.3), name: 'web', pod: { name: `web-${r.hex(5)}`, namespace: 'default' },
  }),
  containerImage: (r) => ({ digestImage: null, imageId: `sha256:${sha256(r)}`, registry: { registry: 'contoso.azurecr.io' } }),
  containerRegistry: () => ({ registry: 'contoso.azurecr.io' }),
  kubernetesCluster: () => ({ cloudResource: null, distribution: 'AKS', name: 'aks-prod', platform: 'aks', version: '1.30.3' }),
  kubernetesController: (r) => ({ labels: labels(r), name: 'web', namespace: { name: 'default' }, type: 'deployment' }),
  kubernetesNamespace: (r) => ({ cluster: { name: 'aks-prod' }, labels: labels(r), name: 'default' }),
  kubernetesPod: (r) => ({
    containers: [{ name: 'web' }], controller: { name: 'web', type: 'deployment' }, ephemeralContainers: [], initContainers: [],
    labels: labels(r), name: `web-${r.hex(5)}`, namespace: { name: 'default' }, podIp: { ipAddress: ip(r) }, serviceAccount: { name: 'default' },
  }),
  kubernetesSecret: () => ({ name: 'db-credentials', namespace: { name: 'default' }, secretType: 'Opaque' }),
  kubernetesServiceAccount: () => ({ name: 'default', namespace: { name: 'default' } }),
  kubernetesService: (r) => ({
    clusterIP: { ipAddress: ip(r) }, externalIPs: [], labels: labels(r), name: 'web', namespace: { name: 'default' },
    selector: labels(r), servicePorts: [{ port: 443, protocol: 'tcp' }], serviceType: 'clusterIP',
  }),
  ioTDevice: (r) => ({
    deviceId: r.hex(16), deviceName: 'PLC-07', deviceType: 'plc', ipAddress: { ipAddress: ip(r) }, macAddress: '00:1A:2B:3C:4D:5E',
    manufacturer: 'Siemens', model: 'S7-1500', operatingSystem: null, owners: [], protocols: ['modbus'], serialNumber: r.hex(10), source: 'microsoft', zone: 'line-2',
  }),
  dns: (r) => ({ dnsServerIp: { ipAddress: ip(r) }, domainName: r.pick(['evil.example', 'xn--e1afmkfd.example']), hostIpAddress: { ipAddress: ip(r) }, ipAddresses: [{ ipAddress: ip(r) }] }),
  fileHash: (r) => ({ algorithm: 'sha256', value: sha256(r) }),
  gitHubOrganization: (r) => ({ company: 'Contoso', displayName: 'contoso', email: null, login: 'contoso', orgId: String(r.int(1e6, 9e7)), webUrl: 'https://github.com/contoso' }),
  gitHubRepo: (r) => ({ baseUrl: 'https://github.com/contoso/app', login: 'contoso', owner: 'contoso', ownerType: 'Organization', repoId: String(r.int(1e6, 9e8)) }),
  gitHubUser: (r) => ({ email: null, login: 'octo-dev', name: 'Octo Dev', userId: String(r.int(1e5, 9e7)), webUrl: 'https://github.com/octo-dev' }),
  malware: (r) => ({ category: 'Trojan', files: [{ fileDetails: fileDetails(r) }], name: r.pick(['Trojan:Win32/Qakbot', 'Worm:Win32/Raspberryrobin']), processes: [] }),
  networkConnection: (r) => ({ destinationAddress: { ipAddress: ip(r) }, destinationPort: String(r.pick([443, 80, 4444])), protocol: 'tcp', sourceAddress: { ipAddress: ip(r) }, sourcePort: String(r.int(1024, 65535)) }),
  nic: (r) => ({ ipAddress: { ipAddress: ip(r) }, macAddress: '00:1A:2B:3C:4D:5E', vlans: [] }),
  // Not in the CSDL: stands for a subtype Microsoft adds later.
  quantum: (r) => ({ qubitCount: r.int(1, 128), entangledWith: [r.guid()], note: 'future evidence type' }),
};

const VERDICTS = evidenceVerdict.members.filter((m) => m !== 'unknownFutureValue');
const REMEDIATION = evidenceRemediationStatus.members.slice(0, 5);
const EVOLVABLE_REMEDIATION = ['active', 'pendingApproval', 'unremediated'];
const ROLES = evidenceRole.members.slice(0, 15);

/** Fixture subtypes appear most often; the rest spread across records. */
const COMMON = ['device', 'file', 'process', 'registryKey', 'user', 'ip', 'url', 'mailbox', 'analyzedMessage'];
const ALL = Object.keys(EVIDENCE_TYPES);

export function evidenceItem(r: Prng, kind: string, t: Ticks): Props {
  const make = EVIDENCE_TYPES[kind];
  if (!make) throw new Error(`unknown evidence kind ${kind}`);
  const verdict = r.pick(VERDICTS);
  const remediationStatus = r.chance(0.1) ? r.pick(EVOLVABLE_REMEDIATION) : r.pick(REMEDIATION);
  const specific = make(r, t);
  return {
    '@odata.type': `#microsoft.graph.security.${kind}Evidence`,
    createdDateTime: formatTicks(t),
    verdict,
    remediationStatus,
    remediationStatusDetails: r.chance(0.8) ? null : 'Remediation pending analyst approval',
    roles: r.chance(0.6) ? [] : [r.pick(ROLES)],
    detailedRoles: r.chance(0.5) ? [] : [r.pick(['Main device', 'Referred in command line', 'Source'])],
    tags: r.chance(0.8) ? [] : ['Test Machine'],
    ...specific,
  };
}

/** 1–4 evidence items; `variety` walks all subtypes so every one appears in a dataset. */
export function evidenceFor(r: Prng, variety: number, t: Ticks): Props[] {
  const n = r.int(1, 4);
  const out: Props[] = [];
  for (let k = 0; k < n; k++) {
    const kind = k === 0 ? (ALL[variety % ALL.length] as string) : r.pick(COMMON);
    out.push(evidenceItem(r, kind, t));
  }
  return out;
}

export const EVIDENCE_KINDS: readonly string[] = ALL;
