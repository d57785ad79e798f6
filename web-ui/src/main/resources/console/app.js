// SPDX-License-Identifier: Apache-2.0
// Motehub operator console: plain browser JavaScript on the REST API, no framework and no build step.
// Every value from the server is inserted as text (never as HTML).
'use strict';

(() => {
  const API = 'api/v1';
  const REFRESH_MS = 3000;
  // while the event stream is open, presence and state changes arrive by themselves: the device table is listed
  // again only this often, for devices created or renamed meanwhile
  const LIVE_LIST_MS = 30000;
  const PAGE_SIZE = 500;
  const COMMAND_WAIT = '5s';
  const FINAL_UPDATE = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
  const FINAL_CAMPAIGN = new Set(['COMPLETED', 'ABORTED', 'CANCELLED']);

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

  let devicesListedAt = 0;

  async function refreshDevices() {
    devicesListedAt = Date.now();
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
      const [{ data }, updates] = await Promise.all([api('GET', `/devices/${enc(selected)}`),
        api('GET', `/devices/${enc(selected)}/firmware-updates`).then((r) => r.data.items, () => null)]);
      renderDevice(data);
      renderDeviceFirmware(data, updates);
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

  function renderDeviceFirmware(d, updates) {
    const fw = d.firmware;
    const pairs = [
      ['Type', d.type || '—'],
      ['Version', fw ? fw.version : 'not reported yet'],
      ['Blocked', fw && fw.blocked ? el('span', { className: 'blocked' }, `blocked: ${fw.blockedReason || ''}`) : 'no'],
    ];
    const u = updates && updates.length ? updates[0] : null; // newest first
    if (u) {
      const running = !FINAL_UPDATE.has(u.status);
      const text = `${running ? '' : 'last: '}${u.status}${u.status === 'DOWNLOADING' ? ` ${u.percent}%` : ''}`
        + ` → ${u.targetVersion}${u.failureReason ? ` (${u.failureReason})` : ''}`;
      const value = el('span', { className: `update-${u.status}` }, text);
      if (u.campaignId) {
        value.append(' · ', el('a', { href: `#campaign=${enc(u.campaignId)}` }, 'campaign'));
      }
      pairs.push([running ? 'Current update' : 'Last update', value]);
    } else if (updates) {
      pairs.push(['Update', 'none']);
    }
    facts('device-firmware', pairs);
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

  // ---- firmware -----------------------------------------------------------------------------------------

  /** The images listed last, by id. */
  let firmwareById = new Map();
  /** The id of the image whose block reason is being typed: refreshes wait until it is done. */
  let blocking = null;

  function size(bytes) {
    if (bytes >= 1024 * 1024) {
      return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    }
    return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`;
  }

  async function loadFirmware() {
    const { data } = await api('GET', `/firmware?limit=${PAGE_SIZE}`);
    firmwareById = new Map(data.items.map((f) => [f.id, f]));
    return data;
  }

  async function refreshFirmware() {
    if (blocking) {
      return;
    }
    const note = $('firmware-note');
    try {
      const data = await loadFirmware();
      renderFirmware(data.items);
      note.textContent = data.nextCursor ? `Showing the first ${PAGE_SIZE} images.`
        : data.items.length === 0 ? 'No firmware image yet.' : '';
    } catch (e) {
      note.textContent = `cannot list firmware: ${e.message}`;
    }
    note.hidden = !note.textContent;
  }

  function renderFirmware(images) {
    $('firmware-rows').replaceChildren(...images.map((f) => {
      const signedBy = f.signingKeyId ? `${f.signingKeyId} (${f.signatureAlgorithm})`
        : f.signatureAlgorithm ? f.signatureAlgorithm : 'unsigned';
      const blocked = f.blocked
        ? el('span', {}, el('span', { className: 'blocked' }, 'blocked'), ` ${f.blockedReason || ''}`) : 'no';
      const row = el('tr', {},
        el('td', {}, f.version),
        el('td', {}, f.deviceTypes.join(', ')),
        el('td', {}, size(f.size)),
        el('td', { className: 'hash', title: f.sha256 }, `${f.sha256.slice(0, 12)}…`),
        el('td', {}, signedBy),
        el('td', {}, f.mandatory ? 'yes' : 'no'),
        el('td', { className: 'blocked-cell' }, blocked),
        el('td', {}, when(f.createdAt)),
        firmwareActions(f));
      row.dataset.id = f.id;
      row.dataset.version = f.version;
      return row;
    }));
  }

  function firmwareActions(f) {
    const cell = el('td', { className: 'actions' });
    if (f.blocked) {
      const unblock = el('button', { type: 'button', className: 'fw-unblock' }, 'Unblock');
      unblock.addEventListener('click', () => setBlocked(f, false));
      cell.append(unblock);
      return cell;
    }
    const block = el('button', { type: 'button', className: 'fw-block danger' }, 'Block…');
    block.addEventListener('click', () => {
      blocking = f.id;
      const reason = el('input', { className: 'fw-reason', placeholder: 'why (required)', maxLength: 1024 });
      const confirmBlock = el('button', { type: 'button', className: 'fw-confirm-block danger' }, 'Block');
      const cancel = el('button', { type: 'button' }, 'Cancel');
      confirmBlock.addEventListener('click', () => setBlocked(f, true, reason.value.trim()));
      reason.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          setBlocked(f, true, reason.value.trim());
        }
      });
      cancel.addEventListener('click', () => {
        blocking = null;
        refreshFirmware();
      });
      cell.replaceChildren(reason, confirmBlock, cancel);
      reason.focus();
    });
    const rollOut = el('button', { type: 'button', className: 'fw-campaign' }, 'Campaign…');
    rollOut.addEventListener('click', () => newCampaignFor(f));
    cell.append(rollOut, block);
    return cell;
  }

  async function setBlocked(f, blocked, reason) {
    try {
      const body = blocked ? { blocked: true, blockedReason: reason || null } : { blocked: false };
      await api('PATCH', `/firmware/${enc(f.id)}`, body);
      showMessage(`${f.version} ${blocked ? 'blocked' : 'unblocked'}.`, 'info');
      blocking = null;
    } catch (e) {
      showMessage(e.message);
      if (!blocked) {
        blocking = null;
      }
      return;
    }
    await refreshFirmware();
  }

  // ---- campaigns ----------------------------------------------------------------------------------------

  /** The id of the campaign shown in the panel, or null. */
  let selectedCampaign = null;
  /** Exclusions of the selected campaign (events carry none). */
  let exclusions = [];
  let campaignDevicesTimer = null;

  function progressBar(c) {
    const t = c.totals;
    const total = Math.max(t.total, 1);
    const part = (cls, n) => el('span', { className: cls, style: `width: ${(100 * n) / total}%` });
    return el('div', { className: 'progress' },
      el('div', { className: 'bar', title: `${t.succeeded} succeeded, ${t.failed} failed, ${t.inProgress} in progress,`
          + ` ${t.pending} pending, ${t.skipped} skipped, ${t.cancelled} cancelled` },
        part('ok', t.succeeded), part('fail', t.failed), part('other', t.skipped + t.cancelled),
        part('busy', t.inProgress)),
      el('span', { className: 'muted progress-text' }, `${c.progressPercent}% · ${t.succeeded}/${t.total}`));
  }

  function wave(c) {
    return c.waves && c.waves.length ? `${Math.min(c.currentWave, c.waves.length)} / ${c.waves.length}` : '—';
  }

  async function refreshCampaigns() {
    const note = $('campaign-note');
    try {
      const { data } = await api('GET', `/campaigns?limit=${PAGE_SIZE}`);
      renderCampaignRows(data.items.slice().reverse()); // newest first
      note.textContent = data.nextCursor ? `Showing the first ${PAGE_SIZE} campaigns.`
        : data.items.length === 0 ? 'No campaign yet.' : '';
    } catch (e) {
      note.textContent = `cannot list campaigns: ${e.message}`;
    }
    note.hidden = !note.textContent;
  }

  function campaignRow(c) {
    const row = el('tr', {},
      el('td', {}, c.name),
      el('td', {}, c.targetVersion || ''),
      el('td', {}, stateBadge(c.state)),
      el('td', {}, progressBar(c)),
      el('td', {}, wave(c)),
      el('td', {}, when(c.createdAt)));
    row.dataset.id = c.id;
    row.classList.toggle('selected', c.id === selectedCampaign);
    row.addEventListener('click', () => selectCampaign(c.id));
    return row;
  }

  function renderCampaignRows(campaigns) {
    $('campaign-rows').replaceChildren(...campaigns.map(campaignRow));
  }

  /** Puts a campaign (from an event) in the list: replaces its row, or adds it on top. */
  function updateCampaignRow(c) {
    const rows = $('campaign-rows');
    const old = [...rows.rows].find((r) => r.dataset.id === c.id);
    if (old) {
      old.replaceWith(campaignRow(c));
    } else {
      rows.prepend(campaignRow(c));
      $('campaign-note').hidden = true;
    }
  }

  async function selectCampaign(id) {
    selectedCampaign = id;
    history.replaceState(null, '', `#campaign=${enc(id)}`);
    for (const row of $('campaign-rows').rows) {
      row.classList.toggle('selected', row.dataset.id === id);
    }
    $('campaign-panel').hidden = false;
    await Promise.all([loadCampaign(), loadCampaignDevices()]);
  }

  async function loadCampaign() {
    if (!selectedCampaign) {
      return;
    }
    try {
      const { data } = await api('GET', `/campaigns/${enc(selectedCampaign)}`);
      exclusions = data.exclusions || [];
      renderCampaign(data);
    } catch (e) {
      showMessage(e.message);
      if (e.status === 404) {
        selectedCampaign = null;
        $('campaign-panel').hidden = true;
        history.replaceState(null, '', '#campaigns');
      }
    }
  }

  function targetText(t) {
    if (!t) {
      return '—';
    }
    if (t.deviceType) {
      return `device type ${t.deviceType}`;
    }
    if (t.profile) {
      return `profile ${t.profile}`;
    }
    if (t.endpoints) {
      return `${t.endpoints.length} device${t.endpoints.length === 1 ? '' : 's'}: ${t.endpoints.join(', ')}`;
    }
    return JSON.stringify(t);
  }

  function renderCampaign(c) {
    $('campaign-title').textContent = c.name;
    $('campaign-panel').dataset.state = c.state;
    $('campaign-progress').replaceChildren(progressBar(c));
    const state = el('span', {}, stateBadge(c.state), c.stateReason ? ` ${c.stateReason}` : '');
    const firmware = firmwareById.get(c.firmwareId);
    const pairs = [
      ['State', state],
      ['Firmware', `${c.targetVersion}${firmware && firmware.blocked ? ' (blocked)' : ''} · ${c.firmwareId}`],
      ['Target', targetText(c.target)],
      ['Waves', `${c.waves.join('%, ')}% (${c.waveEnds.join(', ')} devices)`],
      ['Current wave', wave(c)],
      ['Failure threshold', `${c.failureThreshold}% per wave`],
      ['Max concurrent', c.maxConcurrent],
      ['Device wait', `${c.deviceWaitSeconds % 3600 === 0 ? `${c.deviceWaitSeconds / 3600} h`
        : `${c.deviceWaitSeconds} s`}, then a device still offline is skipped`],
      ['Mandatory', c.mandatory ? 'yes' : 'no'],
    ];
    if (c.startAt) {
      pairs.push(['Start at', when(c.startAt)]);
    }
    pairs.push(['Created', when(c.createdAt)], ['Started', when(c.startedAt)], ['Finished', when(c.finishedAt)]);
    if (c.previousCampaignId) {
      pairs.push(['Rollback of', el('a', { href: `#campaign=${enc(c.previousCampaignId)}` }, c.previousCampaignId)]);
    }
    facts('campaign-facts', pairs);
    const t = c.totals;
    facts('campaign-totals', [
      ['Devices', t.total],
      ['Pending', t.pending],
      ['In progress', `${t.inProgress} (waiting ${t.waiting}, downloading ${t.downloading}, downloaded ${t.downloaded},`
        + ` updating ${t.updating}, verifying ${t.verifying})`],
      ['Succeeded', t.succeeded],
      ['Failed', t.failed],
      ['Skipped', t.skipped],
      ['Cancelled', t.cancelled],
    ]);
    const box = $('campaign-exclusions');
    if (exclusions.length) {
      box.replaceChildren(el('h3', {}, `Excluded (${c.excluded})`),
        el('ul', { className: 'resources' }, ...exclusions.map((x) => el('li', {}, `${x.endpoint}: ${x.reason}`))));
    } else {
      box.replaceChildren();
    }
    $('campaign-start').disabled = c.state !== 'DRAFT';
    $('campaign-pause').disabled = c.state !== 'RUNNING';
    $('campaign-resume').disabled = c.state !== 'PAUSED';
    $('campaign-cancel').disabled = FINAL_CAMPAIGN.has(c.state);
    $('campaign-rollback').disabled = !FINAL_CAMPAIGN.has(c.state) || t.succeeded === 0;
  }

  async function loadCampaignDevices() {
    if (!selectedCampaign) {
      return;
    }
    const note = $('campaign-device-note');
    try {
      const { data } = await api('GET', `/campaigns/${enc(selectedCampaign)}/devices?limit=1000`);
      $('campaign-device-rows').replaceChildren(...data.items.map(campaignDeviceRow));
      note.textContent = data.nextCursor ? 'Showing the first 1000 devices.' : '';
    } catch (e) {
      note.textContent = e.message;
    }
    note.hidden = !note.textContent;
  }

  function campaignDeviceRow(d) {
    const link = el('a', { href: `#device=${enc(d.endpoint)}` }, d.endpoint);
    const row = el('tr', {},
      el('td', {}, link),
      el('td', {}, d.wave),
      el('td', { className: 'status' }, stateBadge(d.status)),
      el('td', { className: 'step' }, d.step || ''),
      el('td', { className: 'percent' }, d.step === 'DOWNLOADING' || d.percent ? `${d.percent}%` : ''),
      el('td', { className: 'reason' }, d.reason || ''));
    row.dataset.endpoint = d.endpoint;
    return row;
  }

  /** Reloads the device table soon, once for a burst of events. */
  function scheduleCampaignDevices() {
    clearTimeout(campaignDevicesTimer);
    campaignDevicesTimer = setTimeout(loadCampaignDevices, 400);
  }

  async function campaignAction(action, done) {
    const id = selectedCampaign;
    try {
      const { data } = await api('POST', `/campaigns/${enc(id)}/${action}`);
      showMessage(done, 'info');
      if (action === 'rollback' && data && data.id) {
        await refreshCampaigns();
        await selectCampaign(data.id);
        return;
      }
      if (data && data.id === selectedCampaign) {
        renderCampaign(data);
        updateCampaignRow(data);
      }
    } catch (e) {
      showMessage(e.message);
    }
    await Promise.all([loadCampaign(), loadCampaignDevices()]);
  }

  /** Fills the firmware choices of the new-campaign form with the images that are not blocked. */
  async function loadFirmwareChoices() {
    try {
      await loadFirmware();
    } catch (e) {
      showMessage(`cannot list firmware: ${e.message}`);
    }
    const select = $('campaign-form').elements.namedItem('firmwareId');
    const current = select.value;
    const choices = [...firmwareById.values()].filter((f) => !f.blocked).reverse();
    select.replaceChildren(...choices.map((f) => el('option', { value: f.id },
      `${f.version} (${f.deviceTypes.join(', ')})`)));
    if (choices.some((f) => f.id === current)) {
      select.value = current;
    }
    updateTypeHint();
  }

  function updateTypeHint() {
    const fields = $('campaign-form').elements;
    const f = firmwareById.get(fields.namedItem('firmwareId').value);
    fields.namedItem('deviceType').placeholder = f ? f.deviceTypes[0] : 'device type';
  }

  async function newCampaignFor(f) {
    location.hash = '#campaigns';
    await loadFirmwareChoices();
    const fields = $('campaign-form').elements;
    fields.namedItem('firmwareId').value = f.id;
    fields.namedItem('name').value = `${f.version} roll-out`;
    updateTypeHint();
    $('campaign-new').open = true;
  }

  async function createCampaign(event) {
    event.preventDefault();
    const fields = event.target.elements;
    const value = (name) => fields.namedItem(name).value.trim();
    const firmware = firmwareById.get(value('firmwareId'));
    const endpoints = value('endpoints').split(/[\s,]+/).filter(Boolean);
    const body = {
      name: value('name'),
      firmwareId: value('firmwareId'),
      target: endpoints.length ? { endpoints }
        : { deviceType: value('deviceType') || (firmware ? firmware.deviceTypes[0] : '') },
      start: fields.namedItem('start').checked,
    };
    const waves = value('waves');
    if (waves) {
      body.waves = waves.split(/[\s,%]+/).filter(Boolean).map(Number);
    }
    for (const name of ['failureThreshold', 'maxConcurrent', 'deviceWaitSeconds']) {
      if (value(name)) {
        body[name] = Number(value(name));
      }
    }
    try {
      const { data } = await api('POST', '/campaigns', body);
      showMessage(`Campaign "${data.name}" created${data.excluded ? `, ${data.excluded} devices excluded` : ''}.`,
        'info');
      $('campaign-new').open = false;
      await refreshCampaigns();
      await selectCampaign(data.id);
    } catch (e) {
      showMessage(e.message);
    }
  }

  // ---- live events --------------------------------------------------------------------------------------

  let events = null;

  function connectEvents() {
    if (!window.EventSource) {
      return;
    }
    events = new EventSource(`${API}/events`);
    events.addEventListener('open', () => {
      $('live').textContent = '● live';
      if (view === 'devices') {
        refreshDevices(); // what changed while the stream was down
      }
    });
    events.addEventListener('error', () => {
      $('live').textContent = live() ? '● live' : 'not live: polling';
    });
    events.addEventListener('campaign', (event) => onCampaign(JSON.parse(event.data)));
    events.addEventListener('firmwareUpdate', (event) => onFirmwareUpdate(JSON.parse(event.data)));
    events.addEventListener('presence', (event) => onPresence(JSON.parse(event.data)));
    events.addEventListener('state', (event) => onState(JSON.parse(event.data)));
  }

  function live() {
    return events !== null && events.readyState === EventSource.OPEN;
  }

  function deviceRow(endpoint) {
    return [...$('device-rows').rows].find((r) => r.dataset.endpoint === endpoint);
  }

  function onPresence(p) {
    const row = deviceRow(p.endpoint);
    if (row) {
      const online = row.cells[3];
      online.className = p.online ? 'online' : 'offline';
      online.textContent = p.online ? 'online' : 'offline';
      row.cells[4].textContent = when(p.lastSeen);
    }
    if (p.endpoint === selected && view === 'devices' && p.change !== 'UPDATED') {
      loadDevice(); // a new registration, or none
    }
  }

  function onState(s) {
    const filter = $('state-filter').value;
    const row = deviceRow(s.endpoint);
    if (filter && filter !== s.state) {
      if (row && view === 'devices') {
        refreshDevices(); // the device leaves the filtered table
      }
    } else if (row) {
      row.cells[2].replaceChildren(stateBadge(s.state));
    }
    if (s.endpoint === selected && view === 'devices') {
      loadDevice();
    }
  }

  function onCampaign(c) {
    if (view === 'campaigns') {
      updateCampaignRow(c);
    }
    if (c.id === selectedCampaign) {
      renderCampaign(c);
      scheduleCampaignDevices();
    }
  }

  function onFirmwareUpdate(u) {
    if (u.campaignId && u.campaignId === selectedCampaign) {
      const row = [...$('campaign-device-rows').rows].find((r) => r.dataset.endpoint === u.endpoint);
      if (row && !FINAL_UPDATE.has(u.status)) {
        row.querySelector('.step').textContent = u.status;
        row.querySelector('.percent').textContent = u.status === 'DOWNLOADING' || u.percent ? `${u.percent}%` : '';
      } else {
        scheduleCampaignDevices();
      }
    }
    if (u.endpoint === selected && view === 'devices') {
      loadDevice();
    }
  }

  // ---- views ----------------------------------------------------------------------------------------------

  let view = 'devices';

  function showView(name) {
    view = name;
    for (const v of ['devices', 'firmware', 'campaigns']) {
      $(`${v}-view`).hidden = v !== name;
      $(`nav-${v}`).classList.toggle('current', v === name);
    }
  }

  /** Shows the view the location's hash names: #device=ep, #firmware, #campaigns, #campaign=id, else devices. */
  function route() {
    const hash = location.hash;
    let match;
    if (hash === '#firmware') {
      showView('firmware');
      refreshFirmware();
    } else if (hash === '#campaigns' || (match = /^#campaign=(.+)$/.exec(hash))) {
      showView('campaigns');
      refreshCampaigns();
      loadFirmwareChoices();
      if (match) {
        selectCampaign(decodeURIComponent(match[1]));
      }
    } else {
      showView('devices');
      refreshDevices();
      if ((match = /^#device=(.+)$/.exec(hash))) {
        select(decodeURIComponent(match[1]));
      }
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
  $('campaign-start').addEventListener('click', () => campaignAction('start', 'Started.'));
  $('campaign-pause').addEventListener('click', () => campaignAction('pause', 'Paused: no new device starts.'));
  $('campaign-resume').addEventListener('click', () => campaignAction('resume', 'Resumed.'));
  $('campaign-cancel').addEventListener('click', () => {
    if (confirm('Cancel this campaign? Pending devices and unfinished updates are cancelled.')) {
      campaignAction('cancel', 'Cancelled.');
    }
  });
  $('campaign-rollback').addEventListener('click', () => {
    if (confirm('Roll the devices that moved back to their previous version?')) {
      campaignAction('rollback', 'Rollback campaign started.');
    }
  });
  $('campaign-form').addEventListener('submit', createCampaign);
  $('campaign-form').elements.namedItem('firmwareId').addEventListener('change', updateTypeHint);
  window.addEventListener('hashchange', route);

  updateCommandFields();
  connectEvents();
  route();
  setInterval(() => {
    if (view === 'devices') {
      if (!live() || Date.now() - devicesListedAt >= LIVE_LIST_MS) {
        refreshDevices();
      }
      loadDevice();
    } else if (view === 'firmware') {
      refreshFirmware();
    } else if (!live()) {
      // without the event stream, poll
      refreshCampaigns();
      loadCampaign();
      loadCampaignDevices();
    }
  }, REFRESH_MS);
})();
