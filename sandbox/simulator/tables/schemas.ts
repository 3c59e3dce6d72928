// Column names and Kusto types of the 21 advanced-hunting tables the Streaming API exports
// (streaming.md §1.2), as Microsoft's schema reference pages list them (defender-docs
// `advanced-hunting-<table>-table.md`). Written as `Name:type` lists so a table reads like its doc
// page; column order is the documented order, which is also the order of keys in generated rows.

export type KustoType = 'datetime' | 'string' | 'int' | 'long' | 'real' | 'bool' | 'dynamic' | 'guid';

export interface HuntingColumn {
  name: string;
  type: KustoType;
}

export interface HuntingTable {
  name: string;
  columns: HuntingColumn[];
}

/** Every `InitiatingProcess…` column the Device* event tables share (same docs, same order). */
const INITIATING_PROCESS = `
  InitiatingProcessAccountDomain:string InitiatingProcessAccountName:string InitiatingProcessAccountSid:string
  InitiatingProcessAccountUpn:string InitiatingProcessAccountObjectId:string InitiatingProcessMD5:string
  InitiatingProcessSHA1:string InitiatingProcessSHA256:string InitiatingProcessFileName:string
  InitiatingProcessFileSize:long InitiatingProcessFolderPath:string InitiatingProcessId:long
  InitiatingProcessCommandLine:string InitiatingProcessCreationTime:datetime InitiatingProcessIntegrityLevel:string
  InitiatingProcessTokenElevation:string InitiatingProcessVersionInfoCompanyName:string
  InitiatingProcessVersionInfoProductName:string InitiatingProcessVersionInfoProductVersion:string
  InitiatingProcessVersionInfoInternalFileName:string InitiatingProcessVersionInfoOriginalFileName:string
  InitiatingProcessVersionInfoFileDescription:string InitiatingProcessParentId:long
  InitiatingProcessParentFileName:string InitiatingProcessParentCreationTime:datetime
  InitiatingProcessLogonId:long InitiatingProcessSessionId:long IsInitiatingProcessRemoteSession:bool
  InitiatingProcessRemoteSessionDeviceName:string InitiatingProcessRemoteSessionIP:string`;

const DEVICE = 'Timestamp:datetime DeviceId:string DeviceName:string ActionType:string';
const FILE = 'FileName:string FolderPath:string SHA1:string SHA256:string MD5:string FileSize:long';
const ACCOUNT = 'AccountName:string AccountDomain:string AccountUpn:string AccountSid:string AccountObjectId:string AccountDisplayName:string';

const SPECS: Record<string, string> = {
  DeviceProcessEvents: `${DEVICE} ${FILE}
    ProcessVersionInfoCompanyName:string ProcessVersionInfoProductName:string ProcessVersionInfoProductVersion:string
    ProcessVersionInfoInternalFileName:string ProcessVersionInfoOriginalFileName:string ProcessVersionInfoFileDescription:string
    ProcessId:long ProcessCommandLine:string ProcessIntegrityLevel:string ProcessTokenElevation:string ProcessCreationTime:datetime
    AccountDomain:string AccountName:string AccountSid:string AccountUpn:string AccountObjectId:string LogonId:long
    ${INITIATING_PROCESS} InitiatingProcessSignerType:string InitiatingProcessSignatureStatus:string
    ReportId:long AppGuardContainerId:string AdditionalFields:dynamic CreatedProcessSessionId:long
    IsProcessRemoteSession:bool ProcessRemoteSessionDeviceName:string ProcessRemoteSessionIP:string`,
  DeviceNetworkEvents: `${DEVICE} RemoteIP:string RemotePort:int RemoteUrl:string LocalIP:string LocalPort:int Protocol:string
    LocalIPType:string RemoteIPType:string ${INITIATING_PROCESS} ReportId:long AppGuardContainerId:string AdditionalFields:dynamic`,
  DeviceFileEvents: `${DEVICE} ${FILE} FileOriginUrl:string FileOriginReferrerUrl:string FileOriginIP:string
    PreviousFolderPath:string PreviousFileName:string ${INITIATING_PROCESS}
    RequestProtocol:string RequestSourceIP:string RequestSourcePort:int RequestAccountName:string RequestAccountDomain:string
    RequestAccountSid:string ShareName:string SensitivityLabel:string SensitivitySubLabel:string IsAzureInfoProtectionApplied:bool
    ReportId:long AppGuardContainerId:string AdditionalFields:dynamic`,
  DeviceRegistryEvents: `${DEVICE} RegistryKey:string RegistryValueType:string RegistryValueName:string RegistryValueData:string
    PreviousRegistryKey:string PreviousRegistryValueName:string PreviousRegistryValueData:string ${INITIATING_PROCESS}
    ReportId:long AppGuardContainerId:string`,
  DeviceLogonEvents: `${DEVICE} LogonType:string AccountDomain:string AccountName:string AccountSid:string Protocol:string
    FailureReason:string IsLocalAdmin:bool LogonId:long RemoteDeviceName:string RemoteIP:string RemoteIPType:string RemotePort:int
    ${INITIATING_PROCESS} ReportId:long AppGuardContainerId:string AdditionalFields:dynamic`,
  DeviceEvents: `${DEVICE} ${FILE} AccountDomain:string AccountName:string AccountSid:string RemoteUrl:string
    RemoteDeviceName:string ProcessId:long ProcessCommandLine:string ProcessCreationTime:datetime ProcessTokenElevation:string
    LogonId:long RegistryKey:string RegistryValueName:string RegistryValueData:string RemoteIP:string RemotePort:int
    LocalIP:string LocalPort:int FileOriginUrl:string FileOriginIP:string AdditionalFields:dynamic ${INITIATING_PROCESS}
    ReportId:long AppGuardContainerId:string`,
  DeviceInfo: `Timestamp:datetime DeviceId:string DeviceName:string ClientVersion:string PublicIP:string OSArchitecture:string
    OSPlatform:string OSBuild:long IsAzureADJoined:bool JoinType:string AadDeviceId:string LoggedOnUsers:dynamic
    RegistryDeviceTag:string OSVersion:string MachineGroup:string ReportId:long OnboardingStatus:string
    AdditionalFields:dynamic DeviceCategory:string DeviceType:string DeviceSubtype:string Model:string Vendor:string
    OSDistribution:string OSVersionInfo:string MergedDeviceIds:string MergedToDeviceId:string SensorHealthState:string
    IsExcluded:bool ExclusionReason:string ExposureLevel:string AssetValue:string DeviceManualTags:dynamic
    DeviceDynamicTags:dynamic IsInternetFacing:bool HardwareUuid:string CloudPlatforms:string AzureVmId:string
    AzureResourceId:string ConnectivityType:string`,
  DeviceImageLoadEvents: `${DEVICE} ${FILE} ${INITIATING_PROCESS} ReportId:long AppGuardContainerId:string`,
  DeviceNetworkInfo: `Timestamp:datetime DeviceId:string DeviceName:string NetworkAdapterName:string MacAddress:string
    NetworkAdapterType:string NetworkAdapterStatus:string TunnelType:string ConnectedNetworks:dynamic DnsAddresses:dynamic
    IPv4Dhcp:string IPv6Dhcp:string DefaultGateways:dynamic IPAddresses:dynamic ReportId:long NetworkAdapterVendor:string`,
  DeviceFileCertificateInfo: `Timestamp:datetime DeviceId:string DeviceName:string SHA1:string IsSigned:bool
    SignatureType:string Signer:string SignerHash:string Issuer:string IssuerHash:string CertificateSerialNumber:string
    CrlDistributionPointUrls:dynamic CertificateCreationTime:datetime CertificateExpirationTime:datetime
    CertificateCountersignatureTime:datetime IsTrusted:bool IsRootSignerMicrosoft:bool ReportId:long`,
  EmailEvents: `Timestamp:datetime NetworkMessageId:string InternetMessageId:string SenderMailFromAddress:string
    SenderFromAddress:string SenderDisplayName:string SenderObjectId:string SenderMailFromDomain:string SenderFromDomain:string
    SenderIPv4:string SenderIPv6:string RecipientEmailAddress:string RecipientObjectId:string Subject:string
    EmailClusterId:long EmailDirection:string DeliveryAction:string DeliveryLocation:string ThreatTypes:string
    ThreatNames:string DetectionMethods:string ConfidenceLevel:string BulkComplaintLevel:int EmailAction:string
    EmailActionPolicy:string EmailActionPolicyGuid:string AuthenticationDetails:string AttachmentCount:int UrlCount:int
    EmailLanguage:string Connectors:string OrgLevelAction:string OrgLevelPolicy:string UserLevelAction:string
    UserLevelPolicy:string ReportId:string LatestDeliveryLocation:string LatestDeliveryAction:string AdditionalFields:dynamic`,
  EmailAttachmentInfo: `Timestamp:datetime NetworkMessageId:string SenderFromAddress:string SenderDisplayName:string
    SenderObjectId:string RecipientEmailAddress:string RecipientObjectId:string FileName:string FileType:string SHA256:string
    FileSize:long ThreatTypes:string ThreatNames:string DetectionMethods:string ReportId:string`,
  EmailUrlInfo: 'Timestamp:datetime NetworkMessageId:string Url:string UrlDomain:string UrlLocation:string ReportId:string',
  EmailPostDeliveryEvents: `Timestamp:datetime NetworkMessageId:string InternetMessageId:string Action:string
    ActionType:string ActionTrigger:string ActionResult:string RecipientEmailAddress:string DeliveryLocation:string
    ThreatTypes:string DetectionMethods:string ReportId:string`,
  UrlClickEvents: `Timestamp:datetime Url:string ActionType:string AccountUpn:string Workload:string NetworkMessageId:string
    ThreatTypes:string DetectionMethods:string IPAddress:string IsClickedThrough:bool UrlChain:string ReportId:string`,
  IdentityLogonEvents: `Timestamp:datetime ActionType:string Application:string LogonType:string Protocol:string
    FailureReason:string ${ACCOUNT} DeviceName:string DeviceType:string OSPlatform:string IPAddress:string Port:int
    DestinationDeviceName:string DestinationIPAddress:string DestinationPort:int TargetDeviceName:string
    TargetAccountDisplayName:string Location:string ISP:string ReportId:string AdditionalFields:dynamic`,
  IdentityQueryEvents: `Timestamp:datetime ActionType:string Application:string QueryType:string QueryTarget:string
    Query:string Protocol:string ${ACCOUNT} DeviceName:string IPAddress:string Port:int DestinationDeviceName:string
    DestinationIPAddress:string DestinationPort:int TargetDeviceName:string TargetAccountUpn:string
    TargetAccountDisplayName:string Location:string ReportId:string AdditionalFields:dynamic`,
  IdentityDirectoryEvents: `Timestamp:datetime ActionType:string Application:string TargetAccountUpn:string
    TargetAccountDisplayName:string TargetDeviceName:string DestinationDeviceName:string DestinationIPAddress:string
    DestinationPort:int Protocol:string ${ACCOUNT} DeviceName:string IPAddress:string Port:int Location:string ISP:string
    ReportId:string AdditionalFields:dynamic`,
  CloudAppEvents: `Timestamp:datetime ActionType:string Application:string ApplicationId:int AppInstanceId:int
    AccountObjectId:string AccountId:string AccountDisplayName:string IsAdminOperation:bool DeviceType:string
    OSPlatform:string IPAddress:string IsAnonymousProxy:bool CountryCode:string City:string ISP:string UserAgent:string
    ActivityType:string ActivityObjects:dynamic ObjectName:string ObjectType:string ObjectId:string ReportId:string
    AccountType:string IsExternalUser:bool IsImpersonated:bool IPTags:dynamic IPCategory:string UserAgentTags:dynamic
    RawEventData:dynamic AdditionalFields:dynamic AuditSource:string OAuthAppId:string`,
  AlertInfo: `Timestamp:datetime AlertId:string Title:string Category:string Severity:string ServiceSource:string
    DetectionSource:string AttackTechniques:string`,
  AlertEvidence: `Timestamp:datetime AlertId:string Title:string Categories:string AttackTechniques:string
    ServiceSource:string DetectionSource:string EntityType:string EvidenceRole:string EvidenceDirection:string
    FileName:string FolderPath:string SHA1:string SHA256:string FileSize:long ThreatFamily:string RemoteIP:string
    RemoteUrl:string AccountName:string AccountDomain:string AccountSid:string AccountObjectId:string AccountUpn:string
    DeviceId:string DeviceName:string LocalIP:string NetworkMessageId:string EmailSubject:string Application:string
    ApplicationId:int OAuthApplicationId:string ProcessCommandLine:string RegistryKey:string RegistryValueName:string
    RegistryValueData:string AdditionalFields:dynamic Severity:string CloudResource:string CloudPlatform:string
    ResourceType:string ResourceID:string SubscriptionId:string`,
};

function parse(name: string, spec: string): HuntingTable {
  const columns = spec.trim().split(/\s+/).map((pair) => {
    const [column, type] = pair.split(':') as [string, KustoType];
    return { name: column, type };
  });
  return { name, columns };
}

export const HUNTING_TABLES: Record<string, HuntingTable> = Object.fromEntries(
  Object.entries(SPECS).map(([name, spec]) => [name, parse(name, spec)]),
);
