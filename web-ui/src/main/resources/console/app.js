// SPDX-License-Identifier: Apache-2.0
// Motehub operator console: plain browser JavaScript on the REST API, no framework and no build step.
// Every value from the server is inserted as text (never as HTML).
'use strict';

(() => {
  const API = 'api/v1';
  const REFRESH_MS = 3000;
  const PAGE_SIZE = 500;
  const COMMAND_WAIT = '5s';

  /** The endpoint of the device shown in the panel, or null. */
  let selected = null;

  const $ = (id) => document.getElementById(id);

  // ---- helpers --------------------------------------------------------------------------------------------

  /** Creates an element with properties and children (nodes or text). */
  function el(tag, props = {}, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) {
      node.append(child instanceof Node ? child : String(child ?? ''));
    }
    return node;
  }

  /** An API failure, carrying the HTTP status and the problem document, if any. */
  class ApiError extends Error {
    constructor(status, problem) {
      super(describeProblem(status, problem));
      this.status = status;
      this.problem = problem;
    }
  }

  function describeProblem(status, problem) {
    if (!problem || typeof problem !== 'object') {
      return `HTTP ${status}`;
    }
    const fields = (problem.errors || []).map((e) => `${e.field}: ${e.message}`).join('; ');
    const detail = problem.detail || problem.title || `HTTP ${status}`;
    return fields && !detail.includes(fields) ? `${detail} (${fields})` : detail;
  }

  /** Calls the REST API; resolves to {status, data}, rejects with an ApiError for any non-2xx answer. */
  async function api(method, path, body) {
    const init = { method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(API + path, init);
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, data);
    }
    return { status: response.status, data };
  }

  const enc = encodeURIComponent;

  /** ISO time as "2026-11-23 10:42:07Z", or a dash. */
  function when(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
  }

  let messageTimer = null;

  function showMessage(text, kind = 'error') {
    const box = $('message');
    box.textContent = text;
    box.className = kind === 'info' ? 'message info' : 'message';
    box.hidden = false;
    clearTimeout(messageTimer);
    messageTimer = setTimeout(() => { box.hidden = true; }, 8000);
  }

  function facts(id, pairs) {
    $(id).replaceChildren(...pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
  }

  function stateBadge(state) {
    return el('span', { className: `state state-${state}` }, state);
  }

  // ---- device table ---------------------------------------------------------------------------------------

  async function refreshDevices() {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    const state = $('state-filter').value;
    if (state) {
      query.set('state', state);
    }
    try {
      const { data } = await api('GET', `/devices?${query}`);
      renderRows(data.items);
      const note = $('device-note');
      note.textContent = data.nextCursor ? `Showing the first ${PAGE_SIZE} devices.`
        : data.items.length === 0 ? 'No devices.' : '';
      note.hidden = !note.textContent;
      $('refreshed').textContent = `updated ${new Date().toLocaleTimeString()}`;
      $('server-status').textContent = '';
    } catch (e) {
      $('server-status').textContent = `cannot list devices: ${e.message}`;
    }
  }

  function renderRows(devices) {
    const rows = devices.map((d) => {
      const row = el('tr', {},
        el('td', {}, d.endpoint),
        el('td', {}, d.name),
        el('td', {}, stateBadge(d.state)),
        el('td', { className: d.online ? 'online' : 'offline' }, d.online ? 'online' : 'offline'),
        el('td', {}, when(d.lastSeen)));
      row.dataset.endpoint = d.endpoint;
      row.classList.toggle('selected', d.endpoint === selected);
      row.addEventListener('click', () => select(d.endpoint));
      return row;
    });
    $('device-rows').replaceChildren(...rows);
  }

  // ---- device panel ---------------------------------------------------------------------------------------

  async function select(endpoint) {
    selected = endpoint;
    history.replaceState(null, '', `#device=${enc(endpoint)}`);
    for (const row of $('device-rows').rows) {
      row.classList.toggle('selected', row.dataset.endpoint === endpoint);
    }
    $('device-panel').hidden = false;
    $('command-result').hidden = true;
    await Promise.all([loadDevice(), loadObjects()]);
  }

  async function loadDevice() {
    if (!selected) {
      return;
    }
    try {
      const { data } = await api('GET', `/devices/${enc(selected)}`);
      renderDevice(data);
    } catch (e) {
      showMessage(e.message);
      if (e.status === 404) {
        selected = null;
        $('device-panel').hidden = true;
        history.replaceState(null, '', '#');
      }
    }
  }

  function renderDevice(d) {
    $('panel-title').textContent = d.endpoint;
    facts('device-facts', [
      ['Name', d.name],
      ['State', stateBadge(d.state)],
      ['Online', d.online ? 'online' : 'offline'],
      ['Last seen', when(d.lastSeen)],
      ['Created', when(d.createdAt)],
      ['PSK identity', d.credentials ? d.credentials.identity : '(erased)'],
    ]);
    const r = d.registration;
    if (r) {
      facts('registration', [
        ['Id', r.id],
        ['Address', r.address],
        ['LwM2M version', r.lwm2mVersion],
        ['Binding', r.binding + (r.queueMode ? ' (queue mode)' : '')],
        ['Lifetime', `${r.lifetimeSeconds} s`],
        ['Registered', when(r.registeredAt)],
        ['Updated', when(r.updatedAt)],
        ['Object links', r.objectLinks],
      ]);
    } else {
      $('registration').replaceChildren(el('dd', { className: 'muted' }, 'Not registered.'));
    }
    $('action-activate').disabled = !(d.state === 'PROVISIONING' || d.state === 'SUSPENDED');
    $('action-suspend').disabled = d.state !== 'ACTIVE';
    $('action-decommission').disabled = d.state === 'DECOMMISSIONED';
  }

  async function loadObjects() {
    const box = $('objects');
    try {
      const { data } = await api('GET', `/devices/${enc(selected)}/objects`);
      box.replaceChildren(...data.objects.map(renderObject));
      if (data.objects.length === 0) {
        box.replaceChildren(el('p', { className: 'muted' }, 'The device declared no objects.'));
      }
    } catch (e) {
      const text = e.status === 409 ? 'Not registered: no object tree.' : e.message;
      box.replaceChildren(el('p', { className: 'muted' }, text));
    }
  }

  function renderObject(o) {
    const instances = o.instances.length ? o.instances.join(', ') : 'none';
    const summary = el('summary', {}, `/${o.id} ${o.name || 'unknown object'}`,
      el('span', { className: 'muted' }, ` v${o.version || '?'} · instances: ${instances}`));
    const list = el('ul', { className: 'resources' });
    for (const instance of o.instances) {
      for (const r of o.resources) {
        const path = `/${o.id}/${instance}/${r.id}`;
        const link = el('a', { href: '#', textContent: path });
        link.addEventListener('click', (event) => {
          event.preventDefault();
          usePath(path, r.operations);
        });
        const info = [r.operations, r.type, r.units].filter(Boolean).join(' · ');
        list.append(el('li', {}, link, ` ${r.name} `, el('span', { className: 'muted' }, info)));
      }
    }
    return el('details', {}, summary, list);
  }

  /** Puts a resource path in the command form, with the operation it most likely wants. */
  function usePath(path, operations) {
    const form = $('command-form');
    form.elements.namedItem('path').value = path;
    form.elements.namedItem('type').value = (operations || '').includes('E') ? 'EXECUTE' : 'READ';
    updateCommandFields();
  }

  async function changeDevice(method, body, done) {
    try {
      await api(method, `/devices/${enc(selected)}`, body);
      showMessage(done, 'info');
    } catch (e) {
      showMessage(e.message);
    }
    await Promise.all([loadDevice(), refreshDevices()]);
  }

  // ---- commands -------------------------------------------------------------------------------------------

  function updateCommandFields() {
    const type = $('command-form').elements.namedItem('type').value;
    for (const label of document.querySelectorAll('.for-write')) {
      label.hidden = type !== 'WRITE';
    }
    for (const label of document.querySelectorAll('.for-execute')) {
      label.hidden = type !== 'EXECUTE';
    }
  }

  /** A WRITE value: JSON if it parses (42, true, "text", {"0": 1}), the raw text otherwise. */
  function parseValue(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return text;
    }
  }

  async function sendCommand(event) {
    event.preventDefault();
    const fields = event.target.elements;
    const body = { type: fields.namedItem('type').value, path: fields.namedItem('path').value.trim() };
    if (body.type === 'WRITE') {
      body.value = parseValue(fields.namedItem('value').value);
    }
    const args = fields.namedItem('arguments').value;
    if (body.type === 'EXECUTE' && args) {
      body.arguments = args;
    }
    const out = $('command-result');
    out.hidden = false;
    out.textContent = `${body.type} ${body.path}: waiting up to ${COMMAND_WAIT}…`;
    try {
      const { status, data } = await api('POST', `/devices/${enc(selected)}/commands?wait=${COMMAND_WAIT}`, body);
      const headline = status === 200 ? `${data.status} ${data.coapCode || ''}` : `${data.status} (still queued)`;
      out.textContent = `${headline}\n${JSON.stringify(data, null, 2)}`;
    } catch (e) {
      out.textContent = `Refused (${e.status}): ${e.message}`;
    }
  }

  // ---- start ----------------------------------------------------------------------------------------------

  $('state-filter').addEventListener('change', refreshDevices);
  $('action-activate').addEventListener('click', () => changeDevice('PATCH', { state: 'ACTIVE' }, 'Activated.'));
  $('action-suspend').addEventListener('click', () => changeDevice('PATCH', { state: 'SUSPENDED' }, 'Suspended.'));
  $('action-decommission').addEventListener('click', () => {
    if (confirm(`Decommission ${selected}? Its credentials are erased; this cannot be undone.`)) {
      changeDevice('DELETE', undefined, 'Decommissioned.');
    }
  });
  $('command-form').elements.namedItem('type').addEventListener('change', updateCommandFields);
  $('command-form').addEventListener('submit', sendCommand);

  updateCommandFields();
  refreshDevices();
  // a link such as /#device=dev-1 opens that device's panel
  const linked = /^#device=(.+)$/.exec(location.hash);
  if (linked) {
    select(decodeURIComponent(linked[1]));
  }
  setInterval(() => {
    refreshDevices();
    loadDevice();
  }, REFRESH_MS);
})();
