class A {
  save() {}
}

class B {
  save() {}
}

function persist(thing, key) {
  thing.save();
  thing[key]();
}

let current = new A();
current = new B();
current.save();
persist(null, 'save');
