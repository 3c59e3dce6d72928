// The hunting world of one tenant: the devices, users, files, addresses and mails the advanced-hunting
// tables talk about, taken from the evidence of the tenant's generated alerts, so the device of an
// incident's alert is the DeviceId its DeviceProcessEvents rows carry (one world across APIs).
import { hash32, hashString, Prng } from '../prng';
import type { TenantData } from '../data/tenant-data';
import { USERS } from '../data/vocabulary';

export interface HuntingDevice {
  id: string;
  name: string;
  osPlatform: string;
  osBuild: number;
  localIp: string;
  publicIp: string;
  machineGroup: string;
  aadDeviceId: string | null;
  /** Incidents whose alert evidence names this device. */
  incidentIds: string[];
}

export interface HuntingUser {
  upn: string;
  name: string;
  domain: string;
  sid: string;
  objectId: string;
  displayName: string;
}

export interface HuntingFile {
  name: string;
  folder: string;
  sha1: string;
  sha256: string;
  md5: string;
  size: number;
  commandLine: string;
  company: string | null;
}

export interface HuntingAlert {
  id: string;
  incidentId: string;
  title: string;
  category: string;
  severity: string;
  serviceSource: string;
  detectionSource: string;
  techniques: string[];
  threatFamily: string | null;
  evidence: Record<string, unknown>[];
}

export interface HuntingMessage {
  networkMessageId: string;
  internetMessageId: string;
  subject: string;
  sender: string;
  senderIp: string;
  recipient: string;
  urls: string[];
}

export interface HuntingWorld {
  seed: number;
  tenantId: string;
  rowsPerHour: number;
  devices: HuntingDevice[];
  users: HuntingUser[];
  files: HuntingFile[];
  remoteIps: string[];
  urls: string[];
  alerts: HuntingAlert[];
  messages: HuntingMessage[];
}

export interface HuntingWorldOptions {
  seed: number;
  /** Average rows per table per hour (heavier tables get more, see rows.ts). Default 60. */
  rowsPerHour?: number;
  /** How many of the tenant's alerts seed the world (spread evenly). Default 40. */
  alerts?: number;
}

const MACHINE_GROUPS = ['UnassignedGroup', 'Workstations', 'Servers', 'Finance PCs'];

/** The MachineGroup Defender decorates every record of a device with (stable per DeviceId). */
export function machineGroupOf(deviceId: string): string {
  return MACHINE_GROUPS[hashString(deviceId) % MACHINE_GROUPS.length] as string;
}

const ip = (r: Prng, first: number): string => `${first}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;

const BINARIES: Array<[string, string, string, string | null]> = [
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', 'powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\ProgramData\\update.ps1', 'Microsoft Corporation'],
  ['cmd.exe', 'C:\\Windows\\System32', 'cmd.exe /c whoami /all', 'Microsoft Corporation'],
  ['rundll32.exe', 'C:\\Windows\\System32', 'rundll32.exe  c:\\temp\\suspicious.dll,RepeatAfterMe', 'Microsoft Corporation'],
  ['svchost.exe', 'C:\\Windows\\System32', 'svchost.exe -k netsvcs -p -s Schedule', 'Microsoft Corporation'],
  ['chrome.exe', 'C:\\Program Files\\Google\\Chrome\\Application', '"chrome.exe" --type=renderer', 'Google LLC'],
  ['OUTLOOK.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16', '"OUTLOOK.EXE" /recycle', 'Microsoft Corporation'],
  ['MsSense.exe', 'C:\\Program Files\\Windows Defender Advanced Threat Protection', '"MsSense.exe"', 'Microsoft Corporation'],
];

/** Full path of a file, with the separator of its folder (evidence has Linux paths too). */
export function pathOf(f: { folder: string; name: string }): string {
  return f.folder.startsWith('/') ? `${f.folder}/${f.name}` : `${f.folder}\\${f.name}`;
}

/** A file whose hashes depend only on its name and folder, so the same binary hashes the same everywhere. */
function file(name: string, folder: string, commandLine: string, company: string | null, size?: number): HuntingFile {
  const r = Prng.for(hashString(folder.toLowerCase() + '\\' + name.toLowerCase()));
  return { name, folder, sha1: r.hex(40), sha256: r.hex(64), md5: r.hex(32), size: size ?? r.int(20_000, 9_000_000), commandLine, company };
}

function userFrom(upn: string): HuntingUser {
  const name = upn.split('@')[0] as string;
  const h = hashString(upn);
  return {
    upn, name, domain: 'CONTOSO', displayName: name,
    sid: `S-1-5-21-${hash32(h, 1) % 4e9}-${hash32(h, 2) % 4e9}-${1000 + (h % 9000)}`,
    objectId: Prng.for(h, 3).guid(),
  };
}

type Props = Record<string, unknown>;
const kindOf = (e: Props): string => String(e['@odata.type'] ?? '').replace('#microsoft.graph.security.', '').replace(/Evidence$/, '');

/** Builds the world from the tenant's base alerts (as generated; later API changes do not move devices). */
export function huntingWorld(tenantData: TenantData, options: HuntingWorldOptions): HuntingWorld {
  const r = Prng.for(options.seed, 0x4a17);
  const graph = tenantData.graph;
  const wanted = Math.min(options.alerts ?? 40, graph.alertCount);
  const devices = new Map<string, HuntingDevice>();
  const users = new Map<string, HuntingUser>();
  const files = new Map<string, HuntingFile>();
  const remoteIps = new Set<string>();
  const urls = new Set<string>();
  const messages: HuntingMessage[] = [];
  const alerts: HuntingAlert[] = [];

  const device = (id: string, incidentId: string, known?: Props): void => {
    const existing = devices.get(id);
    if (existing) {
      if (!existing.incidentIds.includes(incidentId)) existing.incidentIds.push(incidentId);
      return;
    }
    const d = Prng.for(hashString(id));
    const dns = known?.deviceDnsName as string | undefined;
    devices.set(id, {
      id,
      name: dns && dns.includes('.') ? dns.toLowerCase() : `${dns ?? d.pick(['ws', 'lt', 'srv'])}-${id.slice(0, 4)}.contoso.com`.toLowerCase(),
      osPlatform: (known?.osPlatform as string | undefined) ?? d.pick(['Windows11', 'Windows10', 'WindowsServer2022']),
      osBuild: (known?.osBuild as number | undefined) ?? d.int(19041, 26100),
      localIp: ((known?.ipInterfaces as string[] | undefined)?.[0]) ?? ip(d, 10),
      publicIp: ip(d, d.pick([20, 40, 52, 104])),
      machineGroup: machineGroupOf(id),
      aadDeviceId: (known?.azureAdDeviceId as string | null | undefined) ?? (d.chance(0.7) ? d.guid() : null),
      incidentIds: [incidentId],
    });
  };
  const user = (account: Props | undefined): void => {
    const upn = account?.userPrincipalName as string | null | undefined;
    if (!upn || users.has(upn)) return;
    const u = userFrom(upn);
    users.set(upn, { ...u, sid: (account?.userSid as string | undefined) ?? u.sid, objectId: (account?.azureAdUserId as string | null | undefined) ?? u.objectId });
  };
  const addFile = (details: Props | undefined, commandLine?: string): void => {
    if (!details?.fileName) return;
    const name = details.fileName as string;
    // Evidence picks command lines apart from image files; keep a command line only with its own binary.
    const command = commandLine?.toLowerCase().includes(name.toLowerCase()) ? commandLine : `"${name}"`;
    const f = file(name, details.filePath as string, command, (details.filePublisher as string | null) ?? null, details.fileSize as number);
    files.set(pathOf(f), { ...f, sha1: (details.sha1 as string | null) ?? f.sha1, sha256: (details.sha256 as string | null) ?? f.sha256 });
  };

  for (let k = 0; k < wanted; k++) {
    const j = Math.floor((k * graph.alertCount) / wanted);
    const a = graph.alert(j);
    const incidentId = a.incidentId as string;
    const evidence = a.evidence as Props[];
    for (const e of evidence) {
      const kind = kindOf(e);
      if (kind === 'device') device(e.mdeDeviceId as string, incidentId, e);
      else if (typeof e.mdeDeviceId === 'string') device(e.mdeDeviceId, incidentId);
      if (kind === 'process') {
        addFile(e.imageFile as Props, e.processCommandLine as string);
        user(e.userAccount as Props);
      }
      if (kind === 'file') addFile(e.fileDetails as Props);
      if (kind === 'user' || kind === 'mailbox') user(e.userAccount as Props);
      if (kind === 'ip') remoteIps.add(e.ipAddress as string);
      if (kind === 'url') urls.add(e.url as string);
      if (kind === 'analyzedMessage') {
        messages.push({
          networkMessageId: e.networkMessageId as string, internetMessageId: e.internetMessageId as string,
          subject: e.subject as string, sender: (e.p1Sender as Props).emailAddress as string, senderIp: e.senderIp as string,
          recipient: e.recipientEmailAddress as string, urls: e.urls as string[],
        });
      }
    }
    alerts.push({
      id: a.id as string, incidentId, title: a.title as string, category: a.category as string,
      severity: a.severity as string, serviceSource: a.productName as string, detectionSource: a.detectionSource as string,
      techniques: a.mitreTechniques as string[], threatFamily: a.threatFamilyName as string | null, evidence,
    });
  }

  // Everyday activity next to the incidents' entities: the usual binaries, every known user, a few
  // addresses, so small tenants still have full tables.
  for (const [name, folder, cmd, company] of BINARIES) addFile({ fileName: name, filePath: folder, filePublisher: company }, cmd);
  for (const upn of USERS) user({ userPrincipalName: upn });
  if (devices.size === 0) for (let k = 0; k < 8; k++) device(r.hex(40), '');
  for (let k = 0; k < 12; k++) remoteIps.add(ip(r, r.pick([13, 20, 40, 52, 104, 151, 185, 198])));
  for (const u of ['https://login.microsoftonline.com/common/oauth2', 'https://contoso.sharepoint.com/sites/finance', 'https://contoso-login.example/verify']) urls.add(u);
  for (let k = messages.length; k < 6; k++) {
    messages.push({
      networkMessageId: r.guid(), internetMessageId: `<${r.hex(16)}@mail.contoso.com>`, subject: r.pick(['Quarterly report', 'Invoice #4471', 'Your password expires today']),
      sender: r.pick(['it@contoso-support.example', 'billing@fabrikam.example', 'news@contoso.com']), senderIp: ip(r, 198),
      recipient: r.pick(USERS), urls: [r.pick([...urls])],
    });
  }

  for (const d of devices.values()) d.incidentIds = d.incidentIds.filter((id) => id !== '');
  return {
    seed: options.seed, tenantId: tenantData.o.tenantId, rowsPerHour: options.rowsPerHour ?? 60,
    devices: [...devices.values()], users: [...users.values()], files: [...files.values()],
    remoteIps: [...remoteIps], urls: [...urls], alerts, messages,
  };
}
