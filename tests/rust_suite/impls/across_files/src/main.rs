mod model;
mod persist;

use model::user::User;

fn main() {
    let u = User::new("ann");
    u.save();
    u.display_name();
}
