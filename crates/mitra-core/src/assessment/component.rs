//! The components of a buyer–supplier partnership (Lambert, Emmelhainz and Gardner 1996, as the
//! paper splits them): eight core components and the optional ninth, risk/reward sharing.

use super::Bilingual;
use serde::{Deserialize, Serialize};

/// One component of the partnership model. The order of the variants is the order Mitra shows
/// them in (the paper's order, risk/reward sharing last), and the order of `Ord`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Shared forecasts, agreed delivery plans, shared goals.
    JointPlanning,
    /// Agreed performance measures, joint monitoring, joint problem solving.
    JointOperationControl,
    /// Timely exchange of demand, stock, problems and market news.
    Communication,
    /// Honesty, promises kept, no need for close supervision.
    Trust,
    /// Intent to stay and grow together.
    Commitment,
    /// The written contract, its length and breadth, dispute rules.
    ContractStyle,
    /// Which activities the partnership covers.
    Scope,
    /// Shared spending on equipment, training, IT, R&D.
    JointInvestment,
    /// Sharing gains and losses; in Lambert's model, dropped by the paper, optional in Mitra.
    RiskRewardSharing,
}

impl Component {
    /// All nine components in display order.
    pub const ALL: [Component; 9] = [
        Component::JointPlanning,
        Component::JointOperationControl,
        Component::Communication,
        Component::Trust,
        Component::Commitment,
        Component::ContractStyle,
        Component::Scope,
        Component::JointInvestment,
        Component::RiskRewardSharing,
    ];

    /// The eight components of the paper, without the optional risk/reward sharing.
    pub const CORE: [Component; 8] = [
        Component::JointPlanning,
        Component::JointOperationControl,
        Component::Communication,
        Component::Trust,
        Component::Commitment,
        Component::ContractStyle,
        Component::Scope,
        Component::JointInvestment,
    ];

    /// The glossary key (`joint_planning`), the same word in code, files, API and UI.
    pub fn key(self) -> &'static str {
        match self {
            Component::JointPlanning => "joint_planning",
            Component::JointOperationControl => "joint_operation_control",
            Component::Communication => "communication",
            Component::Trust => "trust",
            Component::Commitment => "commitment",
            Component::ContractStyle => "contract_style",
            Component::Scope => "scope",
            Component::JointInvestment => "joint_investment",
            Component::RiskRewardSharing => "risk_reward_sharing",
        }
    }

    /// The component with this glossary key (exact, lower case), if any.
    pub fn from_key(key: &str) -> Option<Component> {
        Component::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Whether this is the optional ninth component that the paper drops.
    pub fn is_optional(self) -> bool {
        self == Component::RiskRewardSharing
    }

    /// The component's name in Indonesian and English, as the product glossary writes it.
    pub fn name(self) -> Bilingual<'static> {
        let (id, en) = match self {
            Component::JointPlanning => ("perencanaan bersama", "joint planning"),
            Component::JointOperationControl => {
                ("pengendalian operasi bersama", "joint operation control")
            }
            Component::Communication => {
                ("komunikasi dan berbagi informasi", "communication and information sharing")
            }
            Component::Trust => ("kepercayaan", "trust"),
            Component::Commitment => ("komitmen", "commitment"),
            Component::ContractStyle => ("bentuk kontrak", "contract style"),
            Component::Scope => ("ruang lingkup", "scope"),
            Component::JointInvestment => ("investasi bersama", "joint investment"),
            Component::RiskRewardSharing => {
                ("berbagi risiko dan keuntungan", "risk and reward sharing")
            }
        };
        Bilingual { id, en }
    }
}

impl std::fmt::Display for Component {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for c in Component::ALL {
            assert_eq!(Component::from_key(c.key()), Some(c));
            assert!(!c.name().id.is_empty() && !c.name().en.is_empty());
        }
        let mut keys: Vec<_> = Component::ALL.iter().map(|c| c.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 9);
        assert_eq!(Component::from_key("Trust"), None);
        assert_eq!(Component::from_key("jp"), None);
    }

    #[test]
    fn core_is_all_but_the_optional_one() {
        assert!(Component::CORE.iter().all(|c| !c.is_optional()));
        assert!(Component::RiskRewardSharing.is_optional());
        assert_eq!(&Component::ALL[..8], &Component::CORE[..]);
    }

    #[test]
    fn serde_uses_the_glossary_key() {
        // The serde name and key() must never drift apart: the API and the files use both.
        for c in Component::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.key()));
            assert_eq!(serde_json::from_str::<Component>(&json).unwrap(), c);
        }
    }
}
