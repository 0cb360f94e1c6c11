function known() {}

function run(obj, cb) {
  obj.known();
  cb();
  missing();
}

run({}, known);
