// Sorts the board in place when a heading is clicked; without JavaScript the heading links sort on the server.
(function () {
  var table = document.getElementById('board');
  if (!table) { return; }
  var body = table.tBodies[0];
  var headings = table.tHead.rows[0].cells;
  var current = table.getAttribute('data-sort');
  function valueOf(row, key) {
    var cell = key === 'name' ? row.cells[0] : row.querySelector('td[data-key="' + key + '"]');
    var raw = cell ? cell.getAttribute('data-value') : '';
    if (key === 'name') { return raw; }
    return raw === '' ? null : parseFloat(raw);
  }
  function sortBy(key, descending) {
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = valueOf(a, key), y = valueOf(b, key);
      if (x === null && y === null) { return 0; }
      if (x === null) { return 1; }
      if (y === null) { return -1; }
      var c = key === 'name' ? String(x).localeCompare(String(y)) : x - y;
      if (c === 0) { c = valueOf(a, 'name').localeCompare(valueOf(b, 'name')); return c; }
      return descending ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var i = 0; i < headings.length; i++) {
      var k = headings[i].getAttribute('data-key');
      headings[i].setAttribute('aria-sort', k === key ? (descending ? 'descending' : 'ascending') : 'none');
    }
    current = (descending ? '-' : '') + key;
    table.setAttribute('data-sort', current);
    if (window.history && history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set('sort', current);
      history.replaceState(null, '', url.toString());
    }
  }
  for (var i = 0; i < headings.length; i++) {
    (function (th) {
      var link = th.querySelector('a.sort');
      if (!link) { return; }
      link.addEventListener('click', function (event) {
        event.preventDefault();
        var key = th.getAttribute('data-key');
        var descending = key === 'name' ? current === 'name' : current !== '-' + key;
        sortBy(key, descending);
      });
    })(headings[i]);
  }
})();
