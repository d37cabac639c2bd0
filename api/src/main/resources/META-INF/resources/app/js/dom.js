// Tiny DOM helpers. Every piece of text goes in as a text node (textContent), never as HTML:
// file and folder names are user content and must never be parsed as markup.

/**
 * h('button', {class: 'btn', onclick: fn, 'aria-label': 'Close'}, 'text', child, [more])
 * Props: class, text, dataset {..}, on<event> functions, boolean attributes (true/false), others as attributes.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'value') el.value = value;
      else if (value === true) el.setAttribute(key, '');
      else el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replaces the children of el. */
export function mount(el, ...children) {
  clear(el);
  return append(el, children);
}

/** Text with the first case-insensitive occurrence of `needle` wrapped in <mark> (as text nodes). */
export function highlighted(text, needle) {
  const i = needle ? text.toLowerCase().indexOf(needle.toLowerCase()) : -1;
  if (i < 0) return [document.createTextNode(text)];
  return [
    document.createTextNode(text.slice(0, i)),
    h('mark', { text: text.slice(i, i + needle.length) }),
    document.createTextNode(text.slice(i + needle.length)),
  ];
}

export function debounce(fn, ms) {
  let timer;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

let uid = 0;
export function nextId(prefix = 'id') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Moves focus among `items` with arrow keys / Home / End; returns true when it handled the key. */
export function arrowNavigate(event, items, { columns = 1 } = {}) {
  const index = items.indexOf(document.activeElement);
  if (index < 0) return false;
  let next = index;
  switch (event.key) {
    case 'ArrowDown': next = index + columns; break;
    case 'ArrowUp': next = index - columns; break;
    case 'ArrowRight': next = columns > 1 ? index + 1 : index; break;
    case 'ArrowLeft': next = columns > 1 ? index - 1 : index; break;
    case 'Home': next = 0; break;
    case 'End': next = items.length - 1; break;
    default: return false;
  }
  next = Math.max(0, Math.min(items.length - 1, next));
  event.preventDefault();
  items[next].focus();
  return true;
}
