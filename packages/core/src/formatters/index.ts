import { formatCompliance } from './compliance.js';
import { formatHtml } from './html/index.js';
import type { FormatContext } from './context.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export { describeBaseline } from './baseline.js';
export { buildComplianceReport, type ControlReport, type ControlStatus, type FrameworkReport } from './compliance.js';
export { noColors, type BaselineFormatContext, type Colors, type FormatContext } from './context.js';
export { buildJsonReport, JSON_REPORT_VERSION, type JsonFinding, type JsonReport, type JsonSuppressedFinding } from './json.js';
export { isSafeUrl as isSafeMarkdownUrl, MARKDOWN_FOLD_ROWS, MARKDOWN_MAX_ROWS, SEVERITY_ICON, table as markdownTable } from './markdown.js';
export { buildSarif, SARIF_MAX_HELP_CHARS, SARIF_MAX_RESULTS, type SarifLog } from './sarif.js';
export { markdownToText } from './markdown-text.js';
export { compareSeverity, countBySeverity, escapeMarkdown, locatedPath, plural, repositoryPath, SEVERITY_ORDER, terminalLine } from './shared.js';
export { buildHtmlData, decodeFinding, escapeHtml, jsonForScript, type HtmlFinding, type HtmlPath, type HtmlReportData } from './html/index.js';
export { formatCompliance, formatHtml, formatJson, formatMarkdown, formatSarif, formatStylish };

export type FormatterName = 'stylish' | 'json' | 'sarif' | 'markdown' | 'compliance' | 'html';
export const FORMATTERS: readonly FormatterName[] = ['stylish', 'json', 'sarif', 'markdown', 'compliance', 'html'];

const FORMATTER_FUNCTIONS: Record<FormatterName, (context: FormatContext) => string> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  markdown: formatMarkdown,
  compliance: formatCompliance,
  html: formatHtml,
};

export function isFormatterName(name: string): name is FormatterName {
  return (FORMATTERS as readonly string[]).includes(name);
}

export function formatResult(format: FormatterName, context: FormatContext): string {
  const formatter = FORMATTER_FUNCTIONS[format];
  if (!formatter) throw new Error(`unknown format "${String(format)}" (one of ${FORMATTERS.join(', ')})`);
  return formatter(context);
}
