const connect = require('./db').connect;

function start() {
  const db = require('./db');
  db.open();
  return connect();
}

start();
