// Thumbnails: fetched with the token (an <img src> cannot send it) into blob: URLs, cached for the
// session, loaded only when the tile scrolls into view.

import { fetchBlob } from './api.js';

const cache = new Map(); // key -> Promise<string|null>
const MAX = 400;

function keyOf(file) {
  return `${file._id}:${file.thumbnailGeneratedAt || ''}`;
}

export function thumbnailUrl(file) {
  const key = keyOf(file);
  if (!cache.has(key)) {
    const promise = fetchBlob(`/api/files/${encodeURIComponent(file._id)}/thumbnail`, { type: 'image/jpeg' })
      .then(({ blob }) => URL.createObjectURL(blob))
      .catch(() => {
        cache.delete(key);
        return null;
      });
    cache.set(key, promise);
    if (cache.size > MAX) {
      const [oldestKey, oldest] = cache.entries().next().value;
      cache.delete(oldestKey);
      oldest.then((url) => url && URL.revokeObjectURL(url));
    }
  }
  return cache.get(key);
}

const observer = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue;
    observer.unobserve(entry.target);
    load(entry.target);
  }
}, { rootMargin: '200px' }) : null;

function load(img) {
  const file = img.__file;
  if (!file) return;
  thumbnailUrl(file).then((url) => {
    if (!url || !img.isConnected) return;
    img.src = url;
    img.addEventListener('load', () => img.closest('.thumb')?.classList.add('has-image'), { once: true });
  });
}

/** Makes `img` show the file's thumbnail once visible (the type icon stays until then). */
export function lazyThumbnail(img, file) {
  img.__file = file;
  if (observer) observer.observe(img);
  else load(img);
}

export function clearThumbnailCache() {
  for (const promise of cache.values()) promise.then((url) => url && URL.revokeObjectURL(url));
  cache.clear();
}
