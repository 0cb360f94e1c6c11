"""C3 MRO on a diamond: Copier(Printer, Scanner) takes power() from Scanner, not from the shared base Device."""


class Device:
    def describe(self):
        return "device"

    def power(self):
        return "mains"

    def info(self):
        return f"{self.describe()} on {self.power()}"


class Printer(Device):
    def describe(self):
        return "printer"


class Scanner(Device):
    def describe(self):
        return "scanner"

    def power(self):
        return "usb"


class Copier(Printer, Scanner):
    pass


c = Copier()
print(c.info())
print(c.describe(), c.power())
