'use strict';
// The chat page: the browser's own WebSocket, no library. Protocol: see ChatHandler's Javadoc.
const $ = (id) => document.getElementById(id);
let socket = null;
let lastTypingSent = 0;
const typingUntil = new Map(); // user -> time after which "is typing" disappears

function setStatus(state, text) {
  $('status').dataset.state = state;
  $('status').textContent = text;
  $('text').disabled = $('say').querySelector('button').disabled = state !== 'connected';
}

function line(cls, ...parts) {
  const li = document.createElement('li');
  if (cls) li.className = cls;
  li.append(...parts);
  $('log').append(li);
  li.scrollIntoView({ block: 'nearest' });
  return li;
}

// ws(s)://<this page's directory>/chat/<room>?user=<name> — works under any context path.
function socketUrl(room, user) {
  const url = new URL('chat/' + encodeURIComponent(room), location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  if (user) url.searchParams.set('user', user);
  return url.href;
}

function join(room, user) {
  if (socket) { socket.onclose = null; socket.close(1000); }
  $('log').replaceChildren();
  $('presence').replaceChildren();
  typingUntil.clear();
  setStatus('connecting', 'connecting to ' + room + '…');
  const ws = new WebSocket(socketUrl(room, user));
  socket = ws;
  let opened = false;
  ws.onopen = () => { opened = true; };
  ws.onmessage = (event) => receive(JSON.parse(event.data));
  ws.onclose = (event) => {
    if (socket !== ws) return;
    socket = null;
    if (!opened) {
      // The browser hides the HTTP status of a refused upgrade; the server said 401 or 403.
      setStatus('refused', user ? 'refused by the server (bad user or room name)' : 'refused by the server: a user name is required');
    } else {
      setStatus('closed', 'disconnected (' + event.code + (event.reason ? ' ' + event.reason : '') + ')');
    }
  };
}

function receive(msg) {
  switch (msg.type) {
    case 'welcome':
      setStatus('connected', msg.user + ' in ' + msg.room);
      line('system', 'welcome, ' + msg.user + ' — presence refreshes every ' + msg.presenceIntervalMs / 1000 + ' s');
      break;
    case 'say': {
      const who = document.createElement('b');
      who.textContent = msg.user;
      line('', who, ': ' + msg.text).dataset.user = msg.user;
      typingUntil.delete(msg.user);
      showTyping();
      break;
    }
    case 'presence':
      $('presence').replaceChildren(...msg.users.map((u) => {
        const li = document.createElement('li');
        li.textContent = u;
        return li;
      }));
      break;
    case 'typing':
      typingUntil.set(msg.user, Date.now() + 3000);
      showTyping();
      setTimeout(showTyping, 3100);
      break;
    case 'error':
      line('system', 'server: ' + msg.message);
      break;
  }
}

function showTyping() {
  const now = Date.now();
  const users = [...typingUntil].filter(([, until]) => until > now).map(([u]) => u);
  $('typing').textContent = users.length === 0 ? '' : users.join(', ') + (users.length === 1 ? ' is' : ' are') + ' typing…';
}

$('join').addEventListener('submit', (e) => {
  e.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set('room', $('room').value.trim() || 'lobby');
  url.searchParams.set('user', $('user').value.trim());
  history.replaceState(null, '', url);
  join($('room').value.trim() || 'lobby', $('user').value.trim());
});

$('say').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('text').value;
  if (socket && text.trim()) socket.send(JSON.stringify({ type: 'say', text }));
  $('text').value = '';
});

$('text').addEventListener('input', () => {
  const now = Date.now();
  if (socket && now - lastTypingSent > 1000) {
    lastTypingSent = now;
    socket.send(JSON.stringify({ type: 'typing' }));
  }
});

// ?room=…&user=… joins at once (a link to share); without a user the server refuses, and the form is there.
const params = new URLSearchParams(location.search);
$('room').value = params.get('room') || 'lobby';
$('user').value = params.get('user') || '';
if (params.has('room') || params.has('user')) {
  join($('room').value, $('user').value);
} else {
  $('user').focus();
}
