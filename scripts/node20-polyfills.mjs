// Vitest 5 targets Node >= 22 and its reporter calls Map.groupBy (Node 21+) when a test fails,
// which on Node 20 crashes the report instead of showing the failure. Preloaded by `npm test`
// (node --import) so failures stay readable on the Node 20 machines we run on; a no-op on 22+.
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = (items, keyOf) => {
    const groups = new Map();
    let index = 0;
    for (const item of items) {
      const key = keyOf(item, index++);
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    return groups;
  };
}
if (typeof Object.groupBy !== 'function') {
  Object.groupBy = (items, keyOf) => {
    const groups = Object.create(null);
    let index = 0;
    for (const item of items) {
      const key = keyOf(item, index++);
      if (key in groups) groups[key].push(item);
      else groups[key] = [item];
    }
    return groups;
  };
}
