import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { ResolvedAddress } from './outbound-target';

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs JSON to the URL while connecting only to the address already checked for it (TLS still
 * verifies the URL's host name), so a DNS answer that changes between check and connect cannot
 * redirect the request. Redirects are not followed; the response body is read up to 64 KB.
 */
export function postPinned(url: URL, body: string, address: ResolvedAddress, timeoutMs: number): Promise<{ status: number; text: string }> {
  const secure = url.protocol === 'https:';
  const transport = secure ? https : http;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const request = transport.request(
      {
        // The socket goes to the checked IP; the Host header and TLS (SNI and certificate check) keep the name.
        host: address.address,
        family: address.family,
        port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { Host: url.host, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) },
        ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
