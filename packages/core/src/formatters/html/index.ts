import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { FormatContext } from '../context.js';
import { CLIENT_SCRIPT, STYLES } from './client.js';
import { buildHtmlData } from './data.js';

export { buildHtmlData, decodeFinding, type EncodedFinding, type HtmlFinding, type HtmlPath, type HtmlReportData } from './data.js';

/** Text made inert in HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** JSON inside a <script> data block: `<` escaped, so no `</script>` or `<!--` in the data can end or change the block. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * One self-contained page: data as a JSON block, our one script (allowed by hash in the page's CSP, which also
 * forbids every network request), styles inline. Everything from the snapshot is rendered as text by the script.
 */
export function formatHtml(context: FormatContext): string {
  const data = buildHtmlData(context);
  const scriptHash = base64(sha256(utf8ToBytes(CLIENT_SCRIPT)));
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  const title = `iamlint report: ${data.snapshot.path}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header><h1>iamlint report</h1><p class="meta">${escapeHtml(data.snapshot.path)} · collected ${escapeHtml(data.snapshot.collectedAt)} · ${escapeHtml(data.tool)}</p></header>
<noscript><p class="warn">This report needs JavaScript to show its findings.</p></noscript>
<main id="app" aria-busy="true"></main>
<script type="application/json" id="iamlint-data">${jsonForScript(data)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += BASE64[(n >> 18) & 63] as string;
    out += BASE64[(n >> 12) & 63] as string;
    out += i + 1 < bytes.length ? (BASE64[(n >> 6) & 63] as string) : '=';
    out += i + 2 < bytes.length ? (BASE64[n & 63] as string) : '=';
  }
  return out;
}
