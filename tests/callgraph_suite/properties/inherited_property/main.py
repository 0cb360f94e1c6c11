"""A property inherited by subclasses calls overridden methods; an override reaches the base getter via super()."""


class Animal:
    def __init__(self, name):
        self._name = name

    def sound(self):
        return "..."

    @property
    def greeting(self):
        return self._name + " says " + self.sound()


class Dog(Animal):
    def sound(self):
        return "woof"


class Puppy(Dog):
    @property
    def greeting(self):
        return super().greeting.upper()


for pet in [Animal("generic"), Dog("rex"), Puppy("bit")]:
    print(pet.greeting)
