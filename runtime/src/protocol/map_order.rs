//! Removing a key from a `serde_json::Map` without disturbing the order of the others, the
//! same whether or not a program turns on serde_json's `preserve_order` (which rboto does not
//! force): with it, `Map::remove` would move the last key into the hole.

use serde_json::{Map, Value};

/// Takes `key` out of `map`, leaving the other keys in their order.
pub fn remove_in_order(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    let mut taken = None;
    map.retain(|name, value| {
        if name == key {
            taken = Some(value.take());
            false
        } else {
            true
        }
    });
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_other_keys_keep_their_order() {
        let mut map = json!({"a": 1, "b": 2, "c": 3}).as_object().unwrap().clone();
        assert_eq!(remove_in_order(&mut map, "a"), Some(json!(1)));
        assert_eq!(remove_in_order(&mut map, "z"), None);
        assert_eq!(map.keys().collect::<Vec<_>>(), ["b", "c"]);
    }
}
