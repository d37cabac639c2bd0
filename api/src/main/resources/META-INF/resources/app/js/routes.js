// Hash routes of the signed-in app: '#/', '#/folder/<id>?highlight=<fileId>', '#/trash', '#/settings'.

export function parseRoute(hash = location.hash) {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const folder = /^\/folder\/([0-9a-fA-F]{24})$/.exec(path);
  if (path === '/trash') return { name: 'trash' };
  if (path === '/settings') return { name: 'settings' };
  return { name: 'folder', folderId: folder ? folder[1] : null, highlight: params.get('highlight') };
}

export function folderHash(folderId, highlight) {
  const base = folderId ? `#/folder/${folderId}` : '#/';
  return highlight ? `${base}?highlight=${encodeURIComponent(highlight)}` : base;
}
