// Access tokens the simulator issues (RS256 JWTs shaped like Entra v1 app tokens) and their
// validation by the APIs: signature, lifetime, audience, and revocation on demand.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify, SignJWT, errors as joseErrors, type JWK } from 'jose';
import type { Clock } from '../clock';
import { Prng, hashString } from '../prng';

export type ApiName = 'graph' | 'mde';

export interface TokenClaims {
  tenantId: string;
  clientId: string;
  appName: string;
  audience: string;
  roles: string[];
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'missing' | 'malformed' | 'signature' | 'expired' | 'revoked' | 'audience' };

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export class TokenAuthority {
  private issued = 0;
  private revokedThrough = 0;
  private readonly sequence = new Map<string, number>();

  private constructor(
    private readonly keys: KeyPair,
    private readonly jwk: JWK,
    private readonly clock: Clock,
    readonly lifetimeSeconds: number,
  ) {}

  static async create(clock: Clock, lifetimeSeconds: number): Promise<TokenAuthority> {
    const keys = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(keys.publicKey);
    jwk.kid = await calculateJwkThumbprint(jwk);
    jwk.use = 'sig';
    jwk.alg = 'RS256';
    return new TokenAuthority(keys, jwk, clock, lifetimeSeconds);
  }

  /** The JWKS document the login root publishes. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.jwk] };
  }

  async issue(claims: TokenClaims & { credential: 'secret' | 'certificate' }): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    const uti = new Prng(hashString(`${claims.clientId}:${this.issued}:${now}`)).hex(22);
    this.sequence.set(uti, ++this.issued);
    const oid = new Prng(hashString(`${claims.tenantId}/${claims.clientId}`)).guid();
    return new SignJWT({
      aud: claims.audience,
      iss: `https://sts.windows.net/${claims.tenantId}/`,
      idp: `https://sts.windows.net/${claims.tenantId}/`,
      appid: claims.clientId,
      appidacr: claims.credential === 'secret' ? '1' : '2',
      app_displayname: claims.appName,
      idtyp: 'app',
      oid,
      sub: oid,
      roles: claims.roles,
      tid: claims.tenantId,
      uti,
      ver: '1.0',
    })
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: this.jwk.kid as string })
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.lifetimeSeconds)
      .sign(this.keys.privateKey);
  }

  /** Every token issued so far stops working (a "401 on a token valid a moment ago"). */
  revokeAll(): void {
    this.revokedThrough = this.issued;
  }

  async verify(authorization: string | undefined, audiences: readonly string[]): Promise<TokenCheck> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return { ok: false, reason: 'missing' };
    const token = m[1] as string;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys.publicKey, {
        algorithms: ['RS256'],
        currentDate: new Date(this.clock.now()),
      }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired || e instanceof joseErrors.JWTClaimValidationFailed) return { ok: false, reason: 'expired' };
      if (e instanceof joseErrors.JWSSignatureVerificationFailed) return { ok: false, reason: 'signature' };
      return { ok: false, reason: 'malformed' };
    }
    const seq = this.sequence.get(payload.uti as string) ?? 0;
    if (seq <= this.revokedThrough) return { ok: false, reason: 'revoked' };
    const aud = String(payload.aud ?? '');
    if (!audiences.some((a) => a.toLowerCase() === aud.toLowerCase())) return { ok: false, reason: 'audience' };
    return {
      ok: true,
      claims: {
        tenantId: payload.tid as string,
        clientId: payload.appid as string,
        appName: payload.app_displayname as string,
        audience: aud,
        roles: (payload.roles as string[] | undefined) ?? [],
      },
    };
  }
}
