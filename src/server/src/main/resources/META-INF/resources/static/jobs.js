// Live progress on /jobs: each unfinished evaluation follows its server-sent events and redraws its summary and
// job rows; the page without this script shows the same data as of its last reload.
(function () {
  'use strict';
  function text(value) { return value === null || value === undefined ? '' : String(value); }
  function progress(job) {
    var t = text(job.stage);
    if (job.progress_total !== null && job.progress_total !== undefined) { t += ' ' + job.progress_done + '/' + job.progress_total; }
    if (job.eta_seconds !== null && job.eta_seconds !== undefined && job.state === 'running') {
      t += ', ETA ' + (job.eta_seconds < 90 ? Math.round(job.eta_seconds) + ' s' : Math.round(job.eta_seconds / 60) + ' min');
    }
    return t;
  }
  function cell(row, value) { var td = document.createElement('td'); td.textContent = value; row.appendChild(td); return td; }
  function redraw(section, e) {
    section.dataset.state = e.state;
    var state = section.querySelector('[data-field=state]');
    state.textContent = e.state;
    state.className = 'state state-' + e.state;
    section.querySelector('[data-field=steps]').textContent = e.steps_done + ' of ' + e.steps_total + ' steps done';
    var bar = section.querySelector('progress');
    bar.max = e.steps_total; bar.value = e.steps_done;
    var body = section.querySelector('tbody');
    body.textContent = '';
    e.jobs.forEach(function (j) {
      var row = document.createElement('tr');
      var link = document.createElement('a'); link.href = '/api/jobs/' + j.id; link.textContent = j.id;
      cell(row, '').appendChild(link);
      cell(row, j.step);
      cell(row, j.state + (j.reused ? ' (stored outcome)' : ''));
      cell(row, j.attempt + ' of ' + j.max_attempts);
      cell(row, text(j.worker));
      cell(row, progress(j) + (j.reason ? ' — ' + j.reason : ''));
      body.appendChild(row);
    });
  }
  if (!window.EventSource) { return; }
  document.querySelectorAll('section[data-evaluation]').forEach(function (section) {
    var state = section.dataset.state;
    if (state === 'done' || state === 'failed' || state === 'cancelled') { return; }
    var source = new EventSource('/api/evaluations/' + section.dataset.evaluation + '/events');
    source.onmessage = function (message) {
      var e = JSON.parse(message.data);
      redraw(section, e);
      if (e.state === 'done' || e.state === 'failed' || e.state === 'cancelled') { source.close(); }
    };
    source.onerror = function () { source.close(); };
  });
})();
