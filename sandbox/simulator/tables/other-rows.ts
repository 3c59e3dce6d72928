// Row makers for the Email*, UrlClick, Identity*, CloudApp and Alert* tables. Mail rows reuse the
// messages of the tenant's analyzedMessage evidence; alert rows are the tenant's own Graph alerts
// (same AlertId), with evidence rows carrying the alert's DeviceId, file hashes, IPs and accounts.
import { formatTicks } from '../time';
import type { RowMaker } from './row-context';
import { pathOf } from './world';

const json = (v: unknown): string => JSON.stringify(v);
const domainOf = (address: string): string => address.split('@')[1] ?? '';
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const kindOf = (e: Record<string, unknown>): string => String(e['@odata.type'] ?? '').replace('#microsoft.graph.security.', '').replace(/Evidence$/, '');
const reportString = (n: number): string => `${n.toString(16)}-${(n >>> 7).toString(16)}`;

export const OTHER_ROWS: Record<string, RowMaker> = {
  EmailEvents: (c) => {
    const m = c.r.pick(c.world.messages);
    const phish = c.r.chance(0.3);
    return {
      NetworkMessageId: m.networkMessageId, InternetMessageId: m.internetMessageId, SenderMailFromAddress: m.sender, SenderFromAddress: m.sender,
      SenderDisplayName: m.sender.split('@')[0], SenderMailFromDomain: domainOf(m.sender), SenderFromDomain: domainOf(m.sender), SenderIPv4: m.senderIp,
      RecipientEmailAddress: m.recipient, RecipientObjectId: c.world.users.find((u) => u.upn === m.recipient)?.objectId ?? null, Subject: m.subject,
      EmailClusterId: c.r.int(1e9, 9e9), EmailDirection: 'Inbound', DeliveryAction: phish ? 'Blocked' : 'Delivered',
      DeliveryLocation: phish ? 'Quarantine' : 'Inbox/folder', ThreatTypes: phish ? 'Phish' : null, DetectionMethods: phish ? json({ Phish: ['URL detonation reputation'] }) : null,
      ConfidenceLevel: phish ? json({ Phish: 'High' }) : null, BulkComplaintLevel: c.r.int(0, 9), EmailAction: phish ? 'Send to quarantine' : null,
      AuthenticationDetails: json({ SPF: 'pass', DKIM: 'pass', DMARC: phish ? 'fail' : 'pass', CompAuth: phish ? 'fail' : 'pass' }),
      AttachmentCount: c.r.int(0, 2), UrlCount: m.urls.length, EmailLanguage: 'en', OrgLevelAction: phish ? 'Quarantine' : null,
      ReportId: reportString(c.reportId), LatestDeliveryLocation: phish ? 'Quarantine' : 'Inbox/folder', LatestDeliveryAction: phish ? 'Blocked' : 'Delivered',
      AdditionalFields: null,
    };
  },
  EmailAttachmentInfo: (c) => {
    const m = c.r.pick(c.world.messages);
    const f = c.r.pick(c.world.files);
    return {
      NetworkMessageId: m.networkMessageId, SenderFromAddress: m.sender, SenderDisplayName: m.sender.split('@')[0], RecipientEmailAddress: m.recipient,
      FileName: f.name, FileType: f.name.split('.').pop() ?? null, SHA256: f.sha256, FileSize: f.size, ThreatTypes: f.company ? null : 'Malware',
      ReportId: reportString(c.reportId),
    };
  },
  EmailUrlInfo: (c) => {
    const m = c.r.pick(c.world.messages);
    const url = c.r.pick(m.urls.length > 0 ? m.urls : c.world.urls);
    return { NetworkMessageId: m.networkMessageId, Url: url, UrlDomain: new URL(url).hostname, UrlLocation: c.r.pick(['Body', 'Subject']), ReportId: reportString(c.reportId) };
  },
  EmailPostDeliveryEvents: (c) => {
    const m = c.r.pick(c.world.messages);
    return {
      NetworkMessageId: m.networkMessageId, InternetMessageId: m.internetMessageId, Action: 'Moved to quarantine', ActionType: 'ZAP',
      ActionTrigger: 'SpecialAction', ActionResult: 'Success', RecipientEmailAddress: m.recipient, DeliveryLocation: 'Quarantine',
      ThreatTypes: 'Phish', DetectionMethods: json({ Phish: ['ZAP'] }), ReportId: reportString(c.reportId),
    };
  },
  UrlClickEvents: (c) => {
    const m = c.r.pick(c.world.messages);
    const url = c.r.pick(m.urls.length > 0 ? m.urls : c.world.urls);
    const blocked = c.r.chance(0.4);
    return {
      Url: url, ActionType: blocked ? 'ClickBlocked' : 'ClickAllowed', AccountUpn: m.recipient, Workload: c.r.pick(['Email', 'Teams', 'Office']),
      NetworkMessageId: m.networkMessageId, ThreatTypes: blocked ? 'Phish' : null, IPAddress: c.r.pick(c.world.remoteIps),
      IsClickedThrough: !blocked && c.r.chance(0.5), UrlChain: json([url]), ReportId: reportString(c.reportId),
    };
  },
  IdentityLogonEvents: (c) => {
    const u = c.r.pick(c.world.users);
    const d = c.r.pick(c.world.devices);
    const failed = c.r.chance(0.25);
    const cloud = c.r.chance(0.5);
    return {
      ActionType: failed ? 'LogonFailed' : 'LogonSuccess', Application: cloud ? 'Microsoft 365' : 'Active Directory',
      LogonType: cloud ? 'Login:login' : c.r.pick(['Resource access', 'Interactive', 'Credentials validation']), Protocol: cloud ? null : c.r.pick(['Kerberos', 'Ntlm']),
      FailureReason: failed ? c.r.pick(['WrongPassword', 'AccountDisabled', 'UnknownUser']) : null,
      AccountName: u.name, AccountDomain: u.domain.toLowerCase(), AccountUpn: u.upn, AccountSid: u.sid, AccountObjectId: u.objectId, AccountDisplayName: u.displayName,
      DeviceName: d.name, DeviceType: 'Desktop', OSPlatform: d.osPlatform, IPAddress: cloud ? d.publicIp : d.localIp, Port: cloud ? null : c.r.int(49_152, 65_535),
      DestinationDeviceName: cloud ? null : 'dc01.contoso.com', DestinationIPAddress: cloud ? null : '10.0.0.4', DestinationPort: cloud ? null : 88,
      Location: cloud ? c.r.pick(['US', 'NL', 'JP']) : null, ISP: cloud ? 'Contoso Telecom' : null, ReportId: reportString(c.reportId),
      AdditionalFields: json({ Count: 1 }),
    };
  },
  IdentityQueryEvents: (c) => {
    const u = c.r.pick(c.world.users);
    const d = c.r.pick(c.world.devices);
    const target = c.r.pick(c.world.users);
    return {
      ActionType: c.r.pick(['LDAP query', 'SAMR query', 'DNS query']), Application: 'Active Directory', QueryType: c.r.pick(['AllUsers', 'QueryUser', 'AllGroups']),
      QueryTarget: target.upn, Query: '(&(objectCategory=person)(objectClass=user))', Protocol: 'Ldap',
      AccountName: u.name, AccountDomain: u.domain.toLowerCase(), AccountUpn: u.upn, AccountSid: u.sid, AccountObjectId: u.objectId, AccountDisplayName: u.displayName,
      DeviceName: d.name, IPAddress: d.localIp, Port: c.r.int(49_152, 65_535), DestinationDeviceName: 'dc01.contoso.com', DestinationIPAddress: '10.0.0.4',
      DestinationPort: 389, TargetAccountUpn: target.upn, TargetAccountDisplayName: target.displayName, ReportId: reportString(c.reportId), AdditionalFields: json({}),
    };
  },
  IdentityDirectoryEvents: (c) => {
    const u = c.r.pick(c.world.users);
    const target = c.r.pick(c.world.users);
    const d = c.r.pick(c.world.devices);
    return {
      ActionType: c.r.pick(['Group Membership changed', 'Account Password changed', 'Directory Services replication']), Application: 'Active Directory',
      TargetAccountUpn: target.upn, TargetAccountDisplayName: target.displayName, TargetDeviceName: null, DestinationDeviceName: 'dc01.contoso.com',
      DestinationIPAddress: '10.0.0.4', DestinationPort: 445, Protocol: 'Samr', AccountName: u.name, AccountDomain: u.domain.toLowerCase(), AccountUpn: u.upn,
      AccountSid: u.sid, AccountObjectId: u.objectId, AccountDisplayName: u.displayName, DeviceName: d.name, IPAddress: d.localIp, Port: c.r.int(49_152, 65_535),
      ReportId: reportString(c.reportId), AdditionalFields: json({ 'TO.GROUP': 'Domain Admins' }),
    };
  },
  CloudAppEvents: (c) => {
    const u = c.r.pick(c.world.users);
    const app = c.r.pick([['Microsoft Exchange Online', 20893], ['Microsoft SharePoint Online', 20892], ['Microsoft Teams', 28375], ['Dropbox', 11627]] as const);
    const action = c.r.pick(['FileDownloaded', 'MailItemsAccessed', 'New-InboxRule', 'FileUploaded']);
    return {
      ActionType: action, Application: app[0], ApplicationId: app[1], AppInstanceId: 0, AccountObjectId: u.objectId, AccountId: u.objectId,
      AccountDisplayName: u.displayName, IsAdminOperation: action === 'New-InboxRule' && c.r.chance(0.3), DeviceType: 'Desktop', OSPlatform: 'Windows 11',
      IPAddress: c.r.pick(c.world.remoteIps), IsAnonymousProxy: c.r.chance(0.05), CountryCode: c.r.pick(['US', 'NL', 'JP']), City: c.r.pick(['Seattle', 'Amsterdam', 'Tōkyō']),
      ISP: 'Contoso Telecom', UserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', ActivityType: action.startsWith('File') ? 'Download' : 'Edit',
      ActivityObjects: json([{ Type: 'User', Name: u.upn }]), ObjectName: action.startsWith('File') ? 'Q3 forecast.xlsx' : null, ObjectType: action.startsWith('File') ? 'File' : null,
      ReportId: reportString(c.reportId), AccountType: 'Regular', IsExternalUser: false, IsImpersonated: false, IPTags: json([]), UserAgentTags: json([]),
      RawEventData: json({ Operation: action, UserId: u.upn, Workload: app[0] }), AdditionalFields: json({}), AuditSource: 'Defender for Cloud Apps access control',
    };
  },
  AlertInfo: (c) => {
    const a = c.r.pick(c.world.alerts);
    return {
      AlertId: a.id, Title: a.title, Category: a.category, Severity: capital(a.severity), ServiceSource: a.serviceSource,
      DetectionSource: a.detectionSource, AttackTechniques: json(a.techniques),
    };
  },
  AlertEvidence: (c) => {
    const a = c.r.pick(c.world.alerts);
    const e = c.r.pick(a.evidence);
    const kind = kindOf(e);
    const account = (e.userAccount ?? (e.account as Record<string, unknown> | undefined)) as Record<string, unknown> | undefined;
    const file = (e.fileDetails ?? e.imageFile) as Record<string, unknown> | undefined;
    const deviceId = (e.mdeDeviceId as string | undefined) ?? null;
    const device = deviceId ? c.world.devices.find((d) => d.id === deviceId) : undefined;
    const entity = kind === 'device' ? 'Machine' : kind === 'registryKey' || kind === 'registryValue' ? 'RegistryValue' : kind === 'ip' ? 'Ip' : kind === 'analyzedMessage' ? 'MailMessage' : capital(kind);
    return {
      AlertId: a.id, Title: a.title, Categories: json([a.category]), AttackTechniques: json(a.techniques), ServiceSource: a.serviceSource,
      DetectionSource: a.detectionSource, EntityType: entity, EvidenceRole: (e.roles as string[]).length > 0 ? 'Related' : 'Impacted',
      EvidenceDirection: kind === 'ip' ? 'Destination' : null, FileName: (file?.fileName as string | undefined) ?? null,
      FolderPath: file ? pathOf({ folder: file.filePath as string, name: file.fileName as string }) : null, SHA1: (file?.sha1 as string | undefined) ?? null,
      SHA256: (file?.sha256 as string | undefined) ?? null, FileSize: (file?.fileSize as number | undefined) ?? null, ThreatFamily: a.threatFamily,
      RemoteIP: typeof e.ipAddress === 'string' ? e.ipAddress : null, RemoteUrl: (e.url as string | undefined) ?? null,
      AccountName: (account?.accountName as string | undefined) ?? null, AccountDomain: (account?.domainName as string | undefined) ?? null,
      AccountSid: (account?.userSid as string | undefined) ?? null, AccountObjectId: (account?.azureAdUserId as string | undefined) ?? null,
      AccountUpn: (account?.userPrincipalName as string | undefined) ?? null, DeviceId: deviceId, DeviceName: device?.name ?? null,
      LocalIP: device?.localIp ?? null, NetworkMessageId: (e.networkMessageId as string | undefined) ?? null, EmailSubject: (e.subject as string | undefined) ?? null,
      ProcessCommandLine: (e.processCommandLine as string | undefined) ?? null, RegistryKey: (e.registryKey as string | undefined) ?? null,
      RegistryValueName: (e.registryValueName as string | undefined) ?? null, RegistryValueData: (e.registryValue as string | undefined) ?? null,
      AdditionalFields: json({ Type: kind, Verdict: e.verdict, CreatedTime: formatTicks(c.t) }), Severity: capital(a.severity),
    };
  },
};
