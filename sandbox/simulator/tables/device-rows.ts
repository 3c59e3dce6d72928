// Row makers for the Device* tables (Defender for Endpoint telemetry). Each picks a device, an
// account and an initiating process from the world, so rows join to alerts on DeviceId and SHA1.
import type { Prng } from '../prng';
import { formatTicks, type Ticks } from '../time';
import { AWKWARD } from '../data/vocabulary';
import { machineGroupOf, pathOf, type HuntingDevice, type HuntingFile, type HuntingUser } from './world';
import type { RowContext, RowMaker } from './row-context';

const SECOND = 10_000_000;
const json = (v: unknown): string => JSON.stringify(v);

function initiatingProcess(r: Prng, f: HuntingFile, u: HuntingUser, t: Ticks): Record<string, unknown> {
  const parent = r.pick(['explorer.exe', 'services.exe', 'svchost.exe', 'WmiPrvSE.exe']);
  return {
    InitiatingProcessAccountDomain: u.domain.toLowerCase(), InitiatingProcessAccountName: u.name, InitiatingProcessAccountSid: u.sid,
    InitiatingProcessAccountUpn: u.upn, InitiatingProcessAccountObjectId: u.objectId,
    InitiatingProcessMD5: f.md5, InitiatingProcessSHA1: f.sha1, InitiatingProcessSHA256: f.sha256, InitiatingProcessFileName: f.name,
    InitiatingProcessFileSize: f.size, InitiatingProcessFolderPath: pathOf(f).toLowerCase(),
    InitiatingProcessId: r.int(100, 65_000), InitiatingProcessCommandLine: f.commandLine,
    InitiatingProcessCreationTime: formatTicks(t - r.int(1, 3_600) * SECOND - r.int(0, SECOND - 1)),
    InitiatingProcessIntegrityLevel: r.pick(['Medium', 'High', 'System']), InitiatingProcessTokenElevation: r.pick(['TokenElevationTypeDefault', 'TokenElevationTypeFull']),
    InitiatingProcessVersionInfoCompanyName: f.company, InitiatingProcessVersionInfoProductName: f.company ? 'Microsoft® Windows® Operating System' : null,
    InitiatingProcessVersionInfoProductVersion: f.company ? '10.0.22621.1' : null, InitiatingProcessVersionInfoInternalFileName: f.name.replace(/\.exe$/i, ''),
    InitiatingProcessVersionInfoOriginalFileName: f.name, InitiatingProcessVersionInfoFileDescription: f.company ? f.name : null,
    InitiatingProcessParentId: r.int(4, 9_000), InitiatingProcessParentFileName: parent,
    InitiatingProcessParentCreationTime: formatTicks(t - r.int(3_600, 86_400) * SECOND - r.int(0, SECOND - 1)),
    InitiatingProcessLogonId: r.int(100_000, 9_999_999), InitiatingProcessSessionId: r.int(0, 3), IsInitiatingProcessRemoteSession: false,
    InitiatingProcessRemoteSessionDeviceName: null, InitiatingProcessRemoteSessionIP: null,
  };
}

/** Device, account and initiating process shared by every Device* event row. */
function base(c: RowContext): { d: HuntingDevice; u: HuntingUser; f: HuntingFile; row: Record<string, unknown> } {
  const d = c.r.pick(c.world.devices);
  const u = c.r.pick(c.world.users);
  const f = c.r.pick(c.world.files);
  return { d, u, f, row: Object.assign({ DeviceId: d.id, DeviceName: d.name, ReportId: c.reportId }, initiatingProcess(c.r, f, u, c.t)) };
}

const fileColumns = (f: HuntingFile) => ({ FileName: f.name, FolderPath: pathOf(f), SHA1: f.sha1, SHA256: f.sha256, MD5: f.md5, FileSize: f.size });

export const DEVICE_ROWS: Record<string, RowMaker> = {
  DeviceProcessEvents: (c) => {
    const { u, row } = base(c);
    const child = c.r.pick(c.world.files);
    const command = c.r.chance(0.05) ? `cmd /c echo ${c.r.pick(AWKWARD)}` : child.commandLine;
    return [row, {
      ActionType: 'ProcessCreated' }, fileColumns(child), {
      ProcessVersionInfoCompanyName: child.company, ProcessVersionInfoProductName: child.company ? 'Microsoft® Windows® Operating System' : null,
      ProcessVersionInfoProductVersion: child.company ? '10.0.22621.1' : null, ProcessVersionInfoInternalFileName: child.name.replace(/\.exe$/i, ''),
      ProcessVersionInfoOriginalFileName: child.name, ProcessVersionInfoFileDescription: child.company ? child.name : null,
      ProcessId: c.r.int(100, 65_000), ProcessCommandLine: command, ProcessIntegrityLevel: c.r.pick(['Medium', 'High', 'System']),
      ProcessTokenElevation: 'TokenElevationTypeDefault', ProcessCreationTime: formatTicks(c.t),
      AccountDomain: u.domain.toLowerCase(), AccountName: u.name, AccountSid: u.sid, AccountUpn: u.upn, AccountObjectId: u.objectId,
      LogonId: c.r.int(100_000, 9_999_999), InitiatingProcessSignerType: 'OsVendor', InitiatingProcessSignatureStatus: 'Valid',
      AdditionalFields: null, CreatedProcessSessionId: c.r.int(0, 3), IsProcessRemoteSession: false,
    }];
  },
  DeviceNetworkEvents: (c) => {
    const { d, row } = base(c);
    const action = c.r.pick(['ConnectionSuccess', 'ConnectionSuccess', 'ConnectionFailed', 'InboundConnectionAccepted', 'ConnectionRequest']);
    const remotePort = c.r.pick([443, 443, 80, 445, 3389, 4444, 53]);
    return [row, {
      ActionType: action, RemoteIP: c.r.pick(c.world.remoteIps), RemotePort: remotePort,
      RemoteUrl: remotePort === 443 && c.r.chance(0.6) ? new URL(c.r.pick(c.world.urls)).hostname : null,
      LocalIP: d.localIp, LocalPort: c.r.int(49_152, 65_535), Protocol: remotePort === 53 ? 'Udp' : 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public',
      AdditionalFields: null,
    }];
  },
  DeviceFileEvents: (c) => {
    const { row } = base(c);
    const f = c.r.pick(c.world.files);
    const action = c.r.pick(['FileCreated', 'FileModified', 'FileRenamed', 'FileDeleted']);
    const downloaded = action === 'FileCreated' && c.r.chance(0.3);
    return [row, {
      ActionType: action }, fileColumns(f), {
      FileOriginUrl: downloaded ? c.r.pick(c.world.urls) : null, FileOriginReferrerUrl: null, FileOriginIP: downloaded ? c.r.pick(c.world.remoteIps) : null,
      PreviousFolderPath: action === 'FileRenamed' ? f.folder : null, PreviousFileName: action === 'FileRenamed' ? `${f.name}.tmp` : null,
      RequestProtocol: 'Local', IsAzureInfoProtectionApplied: false, AdditionalFields: json({ FileType: f.name.split('.').pop()?.toUpperCase() }),
    }];
  },
  DeviceRegistryEvents: (c) => {
    const { f, row } = base(c);
    const action = c.r.pick(['RegistryValueSet', 'RegistryKeyCreated', 'RegistryValueDeleted']);
    return [row, {
      ActionType: action,
      RegistryKey: c.r.pick(['HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Sense']),
      RegistryValueType: action === 'RegistryKeyCreated' ? null : c.r.pick(['String', 'Dword']),
      RegistryValueName: action === 'RegistryKeyCreated' ? null : c.r.pick(['Updater', 'Start', 'OneDrive']),
      RegistryValueData: action === 'RegistryValueSet' ? pathOf(f) : null,
      PreviousRegistryKey: null, PreviousRegistryValueName: null, PreviousRegistryValueData: null,
    }];
  },
  DeviceLogonEvents: (c) => {
    const { u, row } = base(c);
    const failed = c.r.chance(0.2);
    const logonType = c.r.pick(['Interactive', 'Network', 'RemoteInteractive', 'Unlock']);
    return [row, {
      ActionType: failed ? 'LogonFailed' : 'LogonSuccess', LogonType: logonType,
      AccountDomain: u.domain.toLowerCase(), AccountName: u.name, AccountSid: u.sid, Protocol: c.r.pick(['Kerberos', 'NTLM', 'Negotiate']),
      FailureReason: failed ? c.r.pick(['InvalidUserNameOrPassword', 'AccountLocked', 'UnknownUser']) : null,
      IsLocalAdmin: c.r.chance(0.2), LogonId: c.r.int(100_000, 9_999_999),
      RemoteDeviceName: logonType === 'Interactive' ? null : c.r.pick(c.world.devices).name, RemoteIP: logonType === 'Interactive' ? null : c.r.pick(c.world.remoteIps),
      RemoteIPType: logonType === 'Interactive' ? null : 'Public', RemotePort: logonType === 'Interactive' ? null : c.r.int(49_152, 65_535),
      AdditionalFields: json({ IsLocalLogon: logonType === 'Interactive' }),
    }];
  },
  DeviceEvents: (c) => {
    const { d, u, f, row } = base(c);
    const action = c.r.pick(['AntivirusDetection', 'PowerShellCommand', 'AsrLsassCredentialTheftAudited', 'UsbDriveMounted', 'ScheduledTaskCreated']);
    return [row, {
      ActionType: action }, fileColumns(f), { AccountDomain: u.domain.toLowerCase(), AccountName: u.name, AccountSid: u.sid,
      ProcessId: c.r.int(100, 65_000), ProcessCommandLine: f.commandLine, ProcessCreationTime: formatTicks(c.t - SECOND), LocalIP: d.localIp,
      AdditionalFields: json(action === 'PowerShellCommand' ? { Command: 'Invoke-WebRequest' } : action === 'AntivirusDetection' ? { ThreatName: 'Trojan:Win32/Qakbot', WasRemediated: true } : {}),
    }];
  },
  DeviceImageLoadEvents: (c) => {
    const { row } = base(c);
    const dll = c.r.pick(['ntdll.dll', 'kernel32.dll', 'amsi.dll', 'suspicious.dll', 'clr.dll']);
    const folder = dll === 'suspicious.dll' ? 'c:\\temp' : 'C:\\Windows\\System32';
    const h = c.r;
    return [row, { ActionType: 'ImageLoaded', FileName: dll, FolderPath: `${folder}\\${dll}`, SHA1: h.hex(40), SHA256: h.hex(64), MD5: h.hex(32), FileSize: h.int(50_000, 2_000_000) }];
  },
  DeviceInfo: (c) => {
    const d = c.r.pick(c.world.devices);
    const u = c.r.pick(c.world.users);
    const windows = d.osPlatform.startsWith('Windows');
    return {
      DeviceId: d.id, DeviceName: d.name, ClientVersion: '10.8760.22621.1', PublicIP: d.publicIp, OSArchitecture: '64-bit', OSPlatform: d.osPlatform,
      OSBuild: d.osBuild, IsAzureADJoined: d.aadDeviceId !== null, JoinType: d.aadDeviceId ? 'Hybrid Azure AD Join' : 'Domain Joined', AadDeviceId: d.aadDeviceId,
      LoggedOnUsers: json([{ UserName: u.name, DomainName: u.domain, Sid: u.sid }]), OSVersion: windows ? '10.0' : null, MachineGroup: machineGroupOf(d.id),
      ReportId: c.reportId, OnboardingStatus: 'Onboarded', AdditionalFields: json({}), DeviceCategory: 'Endpoint',
      DeviceType: d.osPlatform.includes('Server') ? 'Server' : 'Workstation', OSDistribution: windows ? null : d.osPlatform, SensorHealthState: 'Active',
      IsExcluded: false, ExposureLevel: c.r.pick(['Low', 'Medium', 'High']), AssetValue: 'Normal', DeviceManualTags: json([]), DeviceDynamicTags: json([]),
      IsInternetFacing: c.r.chance(0.05), ConnectivityType: 'Streamlined',
    };
  },
  DeviceNetworkInfo: (c) => {
    const d = c.r.pick(c.world.devices);
    const mac = c.r.hex(12).toUpperCase().replace(/(..)(?!$)/g, '$1-');
    return {
      DeviceId: d.id, DeviceName: d.name, NetworkAdapterName: 'Ethernet', MacAddress: mac, NetworkAdapterType: 'Ethernet', NetworkAdapterStatus: 'Up',
      TunnelType: 'None', ConnectedNetworks: json([{ Name: 'contoso.com', Category: 'Domain', IsConnectedToInternet: true }]),
      DnsAddresses: json(['10.0.0.4']), IPv4Dhcp: '10.0.0.1', DefaultGateways: json(['10.0.0.1']),
      IPAddresses: json([{ IPAddress: d.localIp, SubnetPrefix: 24, AddressType: 'Private' }]), ReportId: c.reportId, NetworkAdapterVendor: 'Intel Corporation',
    };
  },
  DeviceFileCertificateInfo: (c) => {
    const d = c.r.pick(c.world.devices);
    const f = c.r.pick(c.world.files);
    const signed = f.company !== null;
    return {
      DeviceId: d.id, DeviceName: d.name, SHA1: f.sha1, IsSigned: signed, SignatureType: signed ? 'Embedded' : null, Signer: f.company,
      SignerHash: signed ? c.r.hex(40) : null, Issuer: signed ? `${f.company} Code Signing PCA 2011` : null, IssuerHash: signed ? c.r.hex(40) : null,
      CertificateSerialNumber: signed ? c.r.hex(38) : null, CrlDistributionPointUrls: signed ? json(['http://www.microsoft.com/pkiops/crl/MicCodSigPCA2011_2011-07-08.crl']) : null,
      CertificateCreationTime: signed ? formatTicks(c.t - 300 * 864_000_000_000) : null, CertificateExpirationTime: signed ? formatTicks(c.t + 100 * 864_000_000_000) : null,
      CertificateCountersignatureTime: null, IsTrusted: signed, IsRootSignerMicrosoft: f.company === 'Microsoft Corporation', ReportId: c.reportId,
    };
  },
};
