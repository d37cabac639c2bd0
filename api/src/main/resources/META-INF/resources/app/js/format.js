// Formatting of sizes, dates and file kinds.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatSize(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return '';
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const FULL = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const LONG = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

export function formatDate(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const now = new Date();
  const sameDay = date.toDateString() === now.toDateString();
  if (sameDay) return TIME.format(date);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return date.getFullYear() === now.getFullYear() ? DAY.format(date) : FULL.format(date);
}

export function formatLongDate(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : LONG.format(date);
}

const CODE_EXTENSIONS = new Set(['js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'java', 'kt', 'kts', 'py', 'rb', 'go', 'rs',
  'c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'php', 'swift', 'scala', 'sh', 'bash', 'zsh', 'ps1', 'sql', 'html', 'htm',
  'css', 'scss', 'less', 'xml', 'json', 'yaml', 'yml', 'toml', 'ini', 'properties', 'gradle', 'vue', 'svelte', 'lua',
  'pl', 'r', 'dart', 'dockerfile', 'makefile', 'conf', 'env']);
const TEXT_EXTENSIONS = new Set(['txt', 'md', 'markdown', 'csv', 'tsv', 'log', 'rst', 'adoc', 'tex', 'srt', 'vtt']);
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/javascript', 'application/x-sh',
  'application/x-yaml', 'application/yaml', 'application/sql', 'application/x-httpd-php', 'application/toml',
  'application/ld+json', 'application/x-ndjson', 'image/svg+xml', 'application/xhtml+xml']);
const ARCHIVE_TYPES = /(zip|x-tar|gzip|x-7z|x-rar|x-bzip|x-xz|compressed|java-archive)/;

export function extensionOf(name) {
  const dot = (name || '').lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : (name || '').toLowerCase();
}

/** image | video | audio | pdf | code | text | sheet | archive | other */
export function fileKind(file) {
  const type = (file.mimeType || '').toLowerCase();
  const ext = extensionOf(file.originalName || file.name);
  if (type === 'image/svg+xml') return 'image';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'application/pdf') return 'pdf';
  if (ext === 'csv' || ext === 'tsv' || type.includes('spreadsheet') || type.includes('ms-excel')) return 'sheet';
  if (ARCHIVE_TYPES.test(type)) return 'archive';
  if (CODE_EXTENSIONS.has(ext)) return 'code';
  if (type.startsWith('text/') || TEXT_TYPES.has(type) || TEXT_EXTENSIONS.has(ext)) return 'text';
  return 'other';
}

/** Whether the browser can show the file in the page, and how. */
export function previewMode(file) {
  const kind = fileKind(file);
  const type = (file.mimeType || '').toLowerCase();
  if (kind === 'image') return 'image';
  if (kind === 'video') return 'video';
  if (kind === 'audio') return 'audio';
  if (kind === 'pdf') return 'pdf';
  if (kind === 'code' || kind === 'text' || kind === 'sheet' && !type.includes('spreadsheet') && !type.includes('excel')) return 'text';
  return null;
}

export const KIND_ICON = {
  image: 'image', video: 'video', audio: 'audio', pdf: 'file-pdf', code: 'file-code', text: 'file-text',
  sheet: 'file-sheet', archive: 'file-archive', other: 'file',
};

export const KIND_LABEL = {
  image: 'Image', video: 'Video', audio: 'Audio', pdf: 'PDF document', code: 'Code', text: 'Text document',
  sheet: 'Spreadsheet', archive: 'Archive', other: 'File',
};

/** "photo" and ".jpg" of "photo.jpg", for selecting the base name when renaming. */
export function baseNameLength(name) {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? dot : name.length;
}
