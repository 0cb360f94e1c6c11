"""super().save() in multiple inheritance goes to the next class in the instance's MRO, a sibling, not the direct base."""


class Storage:
    def save(self, data):
        print("storage.save", data)


class Compressed(Storage):
    def save(self, data):
        print("compress")
        super().save(data[:3])


class Encrypted(Storage):
    def save(self, data):
        print("encrypt")
        super().save(data[::-1])


class SecureArchive(Compressed, Encrypted):
    def save(self, data):
        print("archive")
        super().save(data)


SecureArchive().save("payload")
