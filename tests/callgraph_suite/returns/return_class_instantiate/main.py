"""A function returns one of several classes, which is then instantiated; __init__ is found through inheritance."""


class Animal:
    def __init__(self, name):
        self.name = name

    def speak(self):
        return "..."


class Dog(Animal):
    def speak(self):
        return self.name + ": woof"


class Cat(Animal):
    def __init__(self, name, indoor=True):
        super().__init__(name)
        self.indoor = indoor

    def speak(self):
        return self.name + ": meow"


class Fish(Animal):
    pass


def animal_class(kind):
    return Dog if kind == "dog" else Cat


def adopt(kind, name):
    cls = animal_class(kind)
    pet = cls(name)
    return pet.speak()


print(adopt("dog", "rex"), adopt("cat", "tom"))
print(Fish("nemo").speak())
