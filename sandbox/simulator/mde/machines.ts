// The tenant's onboarded devices as Defender for Endpoint's Machine entity shows them (GET /api/machines).
// A small, seeded fleet with the cases a responder meets: a device whose name two machine records share
// (a re-imaged host keeps its name, gets a new id), an inactive device whose actions fail, unicode names.
import { Prng } from '../prng';

export interface Machine {
  id: string;
  computerDnsName: string;
  firstSeen: string;
  lastSeen: string;
  osPlatform: string;
  osVersion: string | null;
  osProcessor: string;
  version: string;
  lastIpAddress: string;
  lastExternalIpAddress: string;
  osBuild: number;
  healthStatus: 'Active' | 'Inactive';
  onboardingStatus: 'Onboarded';
  rbacGroupId: number;
  rbacGroupName: string;
  riskScore: 'None' | 'Low' | 'Medium' | 'High';
  exposureLevel: 'None' | 'Low' | 'Medium' | 'High';
  isAadJoined: boolean;
  aadDeviceId: string | null;
  machineTags: string[];
  deviceValue: 'Normal' | 'Low' | 'High';
}

/** Names the simulator always has; `dup-host` twice (ambiguous), `ws-offline` inactive. */
export const FIXED_MACHINE_NAMES = [
  'ws-0042.contoso.com',
  'srv-sql01.contoso.com',
  'dup-host.contoso.com',
  'dup-host.contoso.com',
  'ws-offline.contoso.com',
  'ноутбук-7.contoso.com',
] as const;

export const AMBIGUOUS_MACHINE_NAME = 'dup-host.contoso.com';
export const INACTIVE_MACHINE_NAME = 'ws-offline.contoso.com';

const GROUPS = [
  { id: 43, name: 'Servers' },
  { id: 44, name: 'Workstations' },
  { id: 45, name: 'UnassignedGroup' },
];

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

/** `count` machines (at least the fixed ones), the same for the same seed. */
export function generateMachines(seed: number, count: number, nowMs: number): Machine[] {
  const r = Prng.for(seed, 0x3ac1);
  const names: string[] = [...FIXED_MACHINE_NAMES];
  for (let i = names.length; i < count; i++) names.push(`ws-${String(1000 + i).padStart(4, '0')}.contoso.com`);
  return names.map((name, i) => {
    const server = name.startsWith('srv-');
    const group = GROUPS[server ? 0 : i % 7 === 6 ? 2 : 1] as { id: number; name: string };
    const firstSeen = nowMs - r.int(30, 400) * 86_400_000;
    const inactive = name === INACTIVE_MACHINE_NAME;
    const aad = r.chance(0.6);
    return {
      id: r.hex(40),
      computerDnsName: name,
      firstSeen: iso(firstSeen),
      lastSeen: iso(inactive ? nowMs - 12 * 86_400_000 : nowMs - r.int(1, 3600) * 1000),
      osPlatform: server ? 'WindowsServer2022' : 'Windows11',
      osVersion: null,
      osProcessor: 'x64',
      version: server ? '21H2' : '23H2',
      lastIpAddress: `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
      lastExternalIpAddress: `20.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
      osBuild: server ? 20348 : 22631,
      healthStatus: inactive ? 'Inactive' : 'Active',
      onboardingStatus: 'Onboarded',
      rbacGroupId: group.id,
      rbacGroupName: group.name,
      riskScore: r.pick(['None', 'Low', 'Medium', 'High'] as const),
      exposureLevel: r.pick(['Low', 'Medium', 'High'] as const),
      isAadJoined: aad,
      aadDeviceId: aad ? r.guid() : null,
      machineTags: i === 0 ? ['VIP'] : [],
      deviceValue: server ? 'High' : 'Normal',
    };
  });
}

/** The device groups (rbacGroupNames) indicators may be scoped to. */
export const DEVICE_GROUP_NAMES = GROUPS.map((g) => g.name);
