// Line icons (24x24, drawn with strokes), built as SVG elements: no icon font, no external sprite.

const FOLDER = 'M3 7.5A2.5 2.5 0 0 1 5.5 5H9l2 2.2h7.5A2.5 2.5 0 0 1 21 9.7v7.8a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 17.5z';
const PAGE = ['M14 3H7.5A2.5 2.5 0 0 0 5 5.5v13A2.5 2.5 0 0 0 7.5 21h9a2.5 2.5 0 0 0 2.5-2.5V8z', 'M14 3v5h5'];

const PATHS = {
  folder: [FOLDER],
  'folder-plus': [FOLDER, 'M12 10.5v6', 'M9 13.5h6'],
  'folder-move': [FOLDER, 'M8.5 13.5h6.5', 'M12.5 11l2.5 2.5-2.5 2.5'],
  file: PAGE,
  'file-text': [...PAGE, 'M9 13h6', 'M9 16.5h6', 'M9 9.5h2'],
  'file-code': [...PAGE, 'M10 12.5l-2 2 2 2', 'M14 12.5l2 2-2 2'],
  'file-pdf': [...PAGE, 'M8.5 17v-4h1.2a1.2 1.2 0 0 1 0 2.4H8.5', 'M12.5 13v4h.8a2 2 0 0 0 0-4z', 'M16 17v-4h1.8', 'M16 15h1.4'],
  'file-archive': [...PAGE, 'M10 3v2', 'M10 7v2', 'M10 11v2', 'M9 15.5a1 1 0 0 1 1-1h0a1 1 0 0 1 1 1v1.5H9z'],
  'file-sheet': [...PAGE, 'M8 12h8v6H8z', 'M8 15h8', 'M12 12v6'],
  image: ['M3 6a3 3 0 0 1 3-3h12a3 3 0 0 1 3 3v12a3 3 0 0 1-3 3H6a3 3 0 0 1-3-3z', 'M10 9a1.5 1.5 0 1 1-3 0a1.5 1.5 0 1 1 3 0', 'M21 15.5l-4.5-4.5L6 21'],
  video: ['M3 7a2.5 2.5 0 0 1 2.5-2.5h9A2.5 2.5 0 0 1 17 7v10a2.5 2.5 0 0 1-2.5 2.5h-9A2.5 2.5 0 0 1 3 17z', 'M17 10.5l4-2.5v8l-4-2.5'],
  audio: ['M9 18V5.5l11-2V16', 'M9 18a3 3 0 1 1-6 0a3 3 0 1 1 6 0', 'M20 16a3 3 0 1 1-6 0a3 3 0 1 1 6 0'],
  upload: ['M12 15.5V4', 'M7 8.5L12 3.5l5 5', 'M4 16v2.5A2.5 2.5 0 0 0 6.5 21h11a2.5 2.5 0 0 0 2.5-2.5V16'],
  download: ['M12 3.5V15', 'M7 10l5 5 5-5', 'M4 16v2.5A2.5 2.5 0 0 0 6.5 21h11a2.5 2.5 0 0 0 2.5-2.5V16'],
  trash: ['M3.5 6.5h17', 'M9 6.5V4.8A1.8 1.8 0 0 1 10.8 3h2.4A1.8 1.8 0 0 1 15 4.8v1.7', 'M18.5 6.5l-.8 12.2a2.5 2.5 0 0 1-2.5 2.3H8.8a2.5 2.5 0 0 1-2.5-2.3L5.5 6.5', 'M10 11v5.5', 'M14 11v5.5'],
  link: ['M10 13.5a4.5 4.5 0 0 0 6.8.5l2.7-2.7a4.5 4.5 0 0 0-6.4-6.4l-1.5 1.5', 'M14 10.5a4.5 4.5 0 0 0-6.8-.5l-2.7 2.7a4.5 4.5 0 0 0 6.4 6.4l1.5-1.5'],
  search: ['M17.5 10.5a7 7 0 1 1-14 0a7 7 0 1 1 14 0', 'M20.5 20.5l-5-5'],
  grid: ['M4 4h6.5v6.5H4z', 'M13.5 4H20v6.5h-6.5z', 'M4 13.5h6.5V20H4z', 'M13.5 13.5H20V20h-6.5z'],
  list: ['M9 6h11.5', 'M9 12h11.5', 'M9 18h11.5', 'M4 6h.01', 'M4 12h.01', 'M4 18h.01'],
  more: ['M12 5.5h.01', 'M12 12h.01', 'M12 18.5h.01'],
  close: ['M18 6L6 18', 'M6 6l12 12'],
  'chevron-right': ['M9.5 6l6 6-6 6'],
  'chevron-left': ['M14.5 6l-6 6 6 6'],
  'chevron-down': ['M6 9.5l6 6 6-6'],
  'arrow-up': ['M12 19V5', 'M6 11l6-6 6 6'],
  'arrow-down': ['M12 5v14', 'M6 13l6 6 6-6'],
  restore: ['M3.5 4v5h5', 'M4.2 14.5A8.5 8.5 0 1 0 6 6.4L3.5 9'],
  history: ['M3.5 4v5h5', 'M4.2 14.5A8.5 8.5 0 1 0 6 6.4L3.5 9', 'M12 8v4.5l3 2'],
  pause: ['M9 5.5v13', 'M15 5.5v13'],
  play: ['M7.5 5v14l11.5-7z'],
  edit: ['M4 20h4.2L19 9.2a2.6 2.6 0 0 0-3.7-3.7L4.5 16.3z', 'M13.8 7l3.7 3.7'],
  logout: ['M9.5 20.5h-4A2.5 2.5 0 0 1 3 18V6a2.5 2.5 0 0 1 2.5-2.5h4', 'M16 16.5l4.5-4.5L16 7.5', 'M20.5 12H9'],
  plus: ['M12 5v14', 'M5 12h14'],
  check: ['M5 12.5l4.5 4.5L19.5 7'],
  alert: ['M21 12a9 9 0 1 1-18 0a9 9 0 1 1 18 0', 'M12 7.5v5', 'M12 16.2h.01'],
  info: ['M21 12a9 9 0 1 1-18 0a9 9 0 1 1 18 0', 'M12 11v5.5', 'M12 7.8h.01'],
  menu: ['M4 6.5h16', 'M4 12h16', 'M4 17.5h16'],
  copy: ['M10.5 8.5h8A2.5 2.5 0 0 1 21 11v8a2.5 2.5 0 0 1-2.5 2.5h-8A2.5 2.5 0 0 1 8 19v-8a2.5 2.5 0 0 1 2.5-2.5z', 'M16 8.5V5.5A2.5 2.5 0 0 0 13.5 3h-8A2.5 2.5 0 0 0 3 5.5v8A2.5 2.5 0 0 0 5.5 16H8'],
  eye: ['M2.5 12S6 5 12 5s9.5 7 9.5 7-3.5 7-9.5 7-9.5-7-9.5-7z', 'M15 12a3 3 0 1 1-6 0a3 3 0 1 1 6 0'],
  drive: ['M21.5 12.5h-19', 'M5.6 5.2 2.5 12.5v5A2.5 2.5 0 0 0 5 20h14a2.5 2.5 0 0 0 2.5-2.5v-5l-3.1-7.3A2 2 0 0 0 16.6 4H7.4a2 2 0 0 0-1.8 1.2z', 'M6.5 16.3h.01', 'M10 16.3h.01'],
  cloud: ['M17.5 19.5H7a5 5 0 1 1 1.2-9.85A6.5 6.5 0 0 1 20.4 11a4.3 4.3 0 0 1-2.9 8.5z'],
  globe: ['M21 12a9 9 0 1 1-18 0a9 9 0 1 1 18 0', 'M3.5 12h17', 'M12 3c2.5 2.6 3.7 5.6 3.7 9s-1.2 6.4-3.7 9c-2.5-2.6-3.7-5.6-3.7-9S9.5 5.6 12 3z'],
  user: ['M16 8a4 4 0 1 1-8 0a4 4 0 1 1 8 0', 'M4.5 20.5a7.5 7.5 0 0 1 15 0'],
  sort: ['M7 4v16', 'M3.5 16.5 7 20l3.5-3.5', 'M17 20V4', 'M13.5 7.5 17 4l3.5 3.5'],
  'link-off': ['M10 13.5a4.5 4.5 0 0 0 6.8.5l2.7-2.7a4.5 4.5 0 0 0-6.4-6.4l-1.5 1.5', 'M14 10.5a4.5 4.5 0 0 0-6.8-.5l-2.7 2.7a4.5 4.5 0 0 0 6.4 6.4l1.5-1.5', 'M3 3l18 18'],
  lock: ['M6.5 10.5h11a1.5 1.5 0 0 1 1.5 1.5v7a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 5 19v-7a1.5 1.5 0 0 1 1.5-1.5z', 'M8 10.5v-3a4 4 0 0 1 8 0v3', 'M12 14.5v2'],
  inbox: ['M21.5 12.5H16l-2 3h-4l-2-3H2.5', 'M5.6 5.2 2.5 12.5v5A2.5 2.5 0 0 0 5 20h14a2.5 2.5 0 0 0 2.5-2.5v-5l-3.1-7.3A2 2 0 0 0 16.6 4H7.4a2 2 0 0 0-1.8 1.2z'],
};

const SVG_NS = 'http://www.w3.org/2000/svg';

export function icon(name, { size = 20, className = '', label } = {}) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', name === 'more' ? '2.6' : '1.8');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('class', `icon ${className}`.trim());
  svg.setAttribute('focusable', 'false');
  if (label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  } else {
    svg.setAttribute('aria-hidden', 'true');
  }
  for (const d of PATHS[name] || PATHS.file) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
