//! Route 53's customization: ids given as the paths other operations return them in
//! (`/hostedzone/Z1D633PJN98FT9`, `/change/C2682N5HXP0BZ4`) are cut to their last segment,
//! so one operation's output feeds another's input, as botocore does.

use std::sync::Arc;

use serde_json::Value;

use crate::hooks::{Hook, HookResult, ParametersStage};

/// The shapes of the id members that are cut.
const ID_SHAPES: [&str; 3] = ["ResourceId", "DelegationSetId", "ChangeId"];

/// Route 53's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(BareIds)]
}

/// Cuts path-like ids to their last segment.
#[derive(Debug)]
struct BareIds;

impl Hook for BareIds {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        let Some(input) = call.operation().input.as_ref() else {
            return Ok(());
        };
        let Some(shape) = call.model().definition().shape(&input.shape) else {
            return Ok(());
        };
        let members: Vec<String> = shape
            .members
            .iter()
            .filter(|(name, member)| {
                ID_SHAPES.contains(&member.shape.as_str())
                    && call
                        .params()
                        .get(name.as_str())
                        .is_some_and(|v| v.as_str().is_some_and(|text| text.contains('/')))
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in members {
            if let Some(Value::String(text)) = call.params_mut().get_mut(&name) {
                *text = last_segment(text).to_string();
            }
        }
        Ok(())
    }
}

/// What follows the last `/`.
fn last_segment(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_lose_their_path() {
        assert_eq!(last_segment("/hostedzone/Z1D633PJN98FT9"), "Z1D633PJN98FT9");
        assert_eq!(last_segment("Z1D633PJN98FT9"), "Z1D633PJN98FT9");
    }
}
