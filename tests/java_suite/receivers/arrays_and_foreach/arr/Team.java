package arr;

import java.util.List;

public class Team {
    static class Player {
        void play() {
        }

        String name() {
            return "";
        }
    }

    Player[] players = new Player[2];

    void all(List<Player> list) {
        for (Player p : players) {
            p.play();
        }
        for (var q : players) {
            q.play();
        }
        players[0].name();
        for (Player x : list) {
            x.name();
        }
    }
}
