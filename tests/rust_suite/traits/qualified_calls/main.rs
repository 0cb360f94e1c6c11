// Two traits give Pilot a method `fly`: both definitions are `Pilot.fly` (the graph numbers
// the second); fully qualified calls pick one, by trait.
trait Wizard {
    fn fly(&self) -> u8;
}

trait Aviator {
    fn fly(&self) -> u8;
    fn land(&self) -> u8 {
        0
    }
}

struct Pilot;

impl Wizard for Pilot {
    fn fly(&self) -> u8 {
        1
    }
}

impl Aviator for Pilot {
    fn fly(&self) -> u8 {
        2
    }
}

impl Pilot {
    fn fly(&self) -> u8 {
        3
    }
}

fn main() {
    let p = Pilot;
    p.fly();
    Wizard::fly(&p);
    <Pilot as Aviator>::fly(&p);
    <Pilot as Aviator>::land(&p);
    Aviator::land(&p);
}
