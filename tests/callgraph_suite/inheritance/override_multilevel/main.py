"""Overriding across three levels: each call resolves to the nearest definition in the instance's class chain."""


class Employee:
    def __init__(self, name, salary):
        self.name = name
        self.salary = salary

    def bonus(self):
        return self.salary * 0.05

    def title(self):
        return "employee"

    def summary(self):
        return f"{self.name} ({self.title()}): {self.bonus():.0f}"


class Manager(Employee):
    def bonus(self):
        return self.salary * 0.10

    def title(self):
        return "manager"


class Director(Manager):
    def title(self):
        return "director"


staff = [Employee("e", 1000), Manager("m", 2000), Director("d", 3000)]
for person in staff:
    print(person.summary())
boss = Director("z", 5000)
print(boss.bonus(), boss.title())
