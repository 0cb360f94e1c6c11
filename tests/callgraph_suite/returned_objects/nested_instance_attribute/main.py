"""Methods are called on objects reached through attributes of objects that other calls return."""


class Engine:
    def __init__(self, power):
        self.power = power
        self.running = False

    def start(self):
        self.running = True
        return f"{self.power}hp running"


class Wheel:
    def rotate(self):
        return "rolling"


class Car:
    def __init__(self, power):
        self.engine = Engine(power)
        self.wheels = [Wheel(), Wheel()]


class Garage:
    def __init__(self):
        self._cars = {}

    def park(self, name, car):
        self._cars[name] = car
        return car

    def get(self, name):
        return self._cars[name]


garage = Garage()
garage.park("blue", Car(90))
print(garage.get("blue").engine.start())
print(garage.park("red", Car(120)).wheels[0].rotate())
