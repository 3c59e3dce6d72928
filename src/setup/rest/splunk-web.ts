// The browser edge: Splunk Web's $C context through @splunk/splunk-utils (REST URLs under
// /<locale>/splunkd/__raw, the CSRF form key from the splunkweb_csrf_token_<port> cookie).
import { createFetchInit } from '@splunk/splunk-utils/fetch';
import { createRESTURL } from '@splunk/splunk-utils/url';
import { APP_ID } from '../../config/names';
import { type ApiTransport, createApi, type SplunkApi } from './api';

export function browserTransport(): ApiTransport {
  return {
    fetch: (url, init) => window.fetch(url, init),
    restUrl: (endpoint, namespace) => (namespace === 'app' ? createRESTURL(endpoint, { app: APP_ID, owner: 'nobody' }) : createRESTURL(endpoint)),
    headers: () => {
      // createFetchInit reads the CSRF cookie now (getCSRFToken), not at module load.
      const init = createFetchInit({});
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string | null | undefined>)) {
        if (k.toLowerCase() !== 'content-type' && typeof v === 'string') out[k] = v;
      }
      return out;
    },
  };
}

export function browserApi(): SplunkApi {
  return createApi(browserTransport());
}
