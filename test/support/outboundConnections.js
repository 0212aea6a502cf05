'use strict';
/**
 * Preloaded into a bot child process (NODE_OPTIONS=--require this file): every outgoing TCP connection the process
 * opens is written to stderr as one line `outbound connection: host:port`, so a test can tell that the bot reached
 * nothing but its stand-ins (no discovery call to login.microsoftonline.com, for instance). Plain JavaScript, so it
 * loads before tsx.
 */
const net = require('node:net');

const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  try {
    let options = args[0];
    if (Array.isArray(options)) options = options[0];
    let target;
    if (options && typeof options === 'object') {
      target = options.path ? `pipe ${options.path}` : `${options.host ?? 'localhost'}:${options.port}`;
    } else if (typeof options === 'number' || /^\d+$/.test(String(options))) {
      target = `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${options}`;
    } else {
      target = `pipe ${options}`;
    }
    if (!target.startsWith('pipe ')) process.stderr.write(`outbound connection: ${target}\n`);
  } catch {
    /* never get in the way of the connection */
  }
  return original.apply(this, args);
};
