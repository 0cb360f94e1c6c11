struct Engine;

impl Engine {
    fn start(&self) -> bool {
        true
    }
}

struct Wheel {
    size: u8,
}

impl Wheel {
    fn spin(&self) -> u8 {
        self.size
    }
}

struct Car {
    engine: Engine,
    front: Wheel,
    spare: Option<Wheel>,
}

impl Car {
    fn new() -> Car {
        Car { engine: Engine, front: Wheel { size: 16 }, spare: None }
    }

    fn drive(&self) -> u8 {
        self.engine.start();
        if let Some(w) = &self.spare {
            w.spin();
        }
        self.front.spin()
    }
}

struct Garage {
    car: Car,
}

fn service(g: &Garage) -> u8 {
    g.car.engine.start();
    g.car.drive()
}

fn main() {
    let g = Garage { car: Car::new() };
    service(&g);
    g.car.front.spin();
}
