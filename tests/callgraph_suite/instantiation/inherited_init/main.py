"""Subclasses without __init__ call the nearest inherited __init__, which dispatches back to their overrides."""


class Animal:
    def __init__(self, name):
        self.name = name
        self.sound = self.default_sound()

    def default_sound(self):
        return "..."


class Dog(Animal):
    def default_sound(self):
        return "woof"


class Puppy(Dog):
    pass


class Cat(Animal):
    def __init__(self, name, indoor=True):
        super().__init__(name)
        self.indoor = indoor


def adopt(name):
    return Puppy(name)


pets = [Dog("rex"), adopt("bit"), Cat("tom")]
for pet in pets:
    print(pet.name, pet.sound)
