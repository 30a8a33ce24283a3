//! Mixins: each shape's mixins flattened into it, members and traits, in the order Smithy gives.

use super::Lowering;
use crate::error::{pointer, Error};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::BTreeSet;

impl Lowering<'_> {
    /// Copies members and traits of mixins into the shapes that use them, in declaration order.
    pub(super) fn flatten_mixins(&mut self) -> Result<(), Error> {
        let ids: Vec<String> = self.shapes.keys().cloned().collect();
        let mut done = BTreeSet::new();
        for id in ids {
            self.flatten_one(&id, &mut Vec::new(), &mut done)?;
        }
        Ok(())
    }

    pub(super) fn flatten_one(
        &mut self,
        id: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Result<(), Error> {
        if done.contains(id) {
            return Ok(());
        }
        if stack.iter().any(|seen| seen == id) {
            return Err(Error::model(
                self.file,
                &pointer("/shapes", &[id, "mixins"]),
                id,
                format!("mixin cycle: {} -> {id}", stack.join(" -> ")),
            ));
        }
        let mixins: Vec<String> = match self.shapes.get(id) {
            Some(shape) => shape.mixins.iter().map(|m| m.target.clone()).collect(),
            None => return Ok(()),
        };
        stack.push(id.to_owned());
        let mut inherited_members = IndexMap::new();
        let mut inherited_traits = IndexMap::new();
        for mixin in &mixins {
            self.flatten_one(mixin, stack, done)?;
            let source = self.shapes.get(mixin).ok_or_else(|| {
                Error::model(
                    self.file,
                    &pointer("/shapes", &[id, "mixins"]),
                    id,
                    format!("uses mixin {mixin}, which the model does not define"),
                )
            })?;
            if !source.traits.contains_key("smithy.api#mixin") {
                return Err(Error::model(
                    self.file,
                    &pointer("/shapes", &[id, "mixins"]),
                    id,
                    format!("uses {mixin} as a mixin, but it has no `smithy.api#mixin` trait"),
                ));
            }
            let local_only: BTreeSet<String> = source
                .traits
                .get("smithy.api#mixin")
                .and_then(|mixin| mixin.get("localTraits"))
                .and_then(Value::as_array)
                .map(|names| {
                    names
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            for (name, value) in &source.traits {
                if name != "smithy.api#mixin" && !local_only.contains(name) {
                    inherited_traits.insert(name.clone(), value.clone());
                }
            }
            if let Some(members) = &source.members {
                for (name, member) in members {
                    inherited_members.insert(name.clone(), member.clone());
                }
            }
        }
        stack.pop();
        if let Some(shape) = self.shapes.get_mut(id) {
            if !mixins.is_empty() {
                let mut traits = inherited_traits;
                traits.extend(std::mem::take(&mut shape.traits));
                shape.traits = traits;
                if let Some(local) = shape.members.take() {
                    for (name, member) in local {
                        match inherited_members.get_mut(&name) {
                            Some(existing) => existing.traits.extend(member.traits),
                            None => {
                                inherited_members.insert(name, member);
                            }
                        }
                    }
                }
                if !inherited_members.is_empty() || shape.members.is_some() {
                    shape.members = Some(inherited_members);
                }
                shape.mixins.clear();
            }
        }
        done.insert(id.to_owned());
        Ok(())
    }
}
