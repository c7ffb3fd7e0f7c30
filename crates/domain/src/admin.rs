//! The administrators' rules: roles, their rank, which region level fits which role, and
//! "nobody above oneself" when an admin creates or disables another. Scope (the region tree)
//! is a path prefix that the store applies; these rules only compare roles and levels.

use std::fmt;
use std::str::FromStr;

/// An administrator's role. `Super` is the system administrator; the others are the
/// 主管部门 of a province, a city or a district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdminRole {
    Super,
    Province,
    City,
    District,
}

/// The region levels of the 主管部门 tree: province 1, city 2, district 3.
pub const PROVINCE_LEVEL: i64 = 1;
pub const CITY_LEVEL: i64 = 2;
pub const DISTRICT_LEVEL: i64 = 3;

impl AdminRole {
    pub const ALL: [AdminRole; 4] = [
        AdminRole::Super,
        AdminRole::Province,
        AdminRole::City,
        AdminRole::District,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AdminRole::Super => "super",
            AdminRole::Province => "province",
            AdminRole::City => "city",
            AdminRole::District => "district",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AdminRole::Super => "系统管理员",
            AdminRole::Province => "省级",
            AdminRole::City => "市级",
            AdminRole::District => "区县级",
        }
    }

    /// 0 is the highest: super, province, city, district.
    pub fn rank(self) -> u8 {
        match self {
            AdminRole::Super => 0,
            AdminRole::Province => 1,
            AdminRole::City => 2,
            AdminRole::District => 3,
        }
    }

    /// The region level an admin of this role is bound to (super admins sit at the province root).
    pub fn region_level(self) -> i64 {
        match self {
            AdminRole::Super | AdminRole::Province => PROVINCE_LEVEL,
            AdminRole::City => CITY_LEVEL,
            AdminRole::District => DISTRICT_LEVEL,
        }
    }

    /// Whether a region of `level` fits this role.
    pub fn fits_region_level(self, level: i64) -> bool {
        self.region_level() == level
    }

    /// Institutions, offers, notices, FAQ, admins and the audit log are for super and province
    /// admins only.
    pub fn manages_institutions(self) -> bool {
        matches!(self, AdminRole::Super | AdminRole::Province)
    }

    /// "Nobody above oneself": this admin may create (or disable) an admin of `other`'s role
    /// only when it manages admins and `other` is not of a higher rank. Region scope is checked
    /// separately (the other admin's region must lie in this admin's tree).
    pub fn may_manage(self, other: AdminRole) -> bool {
        self.manages_institutions() && other.rank() >= self.rank()
    }
}

impl fmt::Display for AdminRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown role name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRole;

impl fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("角色只能是 super、province、city 或 district")
    }
}

impl std::error::Error for UnknownRole {}

impl FromStr for AdminRole {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AdminRole::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(UnknownRole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for r in AdminRole::ALL {
            assert_eq!(r.as_str().parse::<AdminRole>(), Ok(r));
            assert_eq!(r.to_string(), r.as_str());
        }
        for bad in ["", "Super", "admin", "county", " city"] {
            assert_eq!(bad.parse::<AdminRole>(), Err(UnknownRole), "{bad:?}");
        }
    }

    #[test]
    fn each_role_fits_exactly_one_region_level() {
        let expected = [
            (AdminRole::Super, PROVINCE_LEVEL),
            (AdminRole::Province, PROVINCE_LEVEL),
            (AdminRole::City, CITY_LEVEL),
            (AdminRole::District, DISTRICT_LEVEL),
        ];
        for (role, level) in expected {
            assert_eq!(role.region_level(), level);
            for l in 0..=4 {
                assert_eq!(role.fits_region_level(l), l == level, "{role} at level {l}");
            }
        }
    }

    #[test]
    fn only_super_and_province_admins_manage() {
        let managers: Vec<_> = AdminRole::ALL
            .into_iter()
            .filter(|r| r.manages_institutions())
            .collect();
        assert_eq!(managers, vec![AdminRole::Super, AdminRole::Province]);
    }

    #[test]
    fn nobody_manages_an_admin_above_itself() {
        use AdminRole::*;
        // Every pair: (actor, other, allowed).
        let table = [
            (Super, Super, true),
            (Super, Province, true),
            (Super, City, true),
            (Super, District, true),
            (Province, Super, false),
            (Province, Province, true),
            (Province, City, true),
            (Province, District, true),
            (City, Super, false),
            (City, Province, false),
            (City, City, false),
            (City, District, false),
            (District, Super, false),
            (District, Province, false),
            (District, City, false),
            (District, District, false),
        ];
        assert_eq!(table.len(), AdminRole::ALL.len() * AdminRole::ALL.len());
        for (actor, other, allowed) in table {
            assert_eq!(actor.may_manage(other), allowed, "{actor} -> {other}");
        }
    }

    #[test]
    fn ranks_are_strictly_ordered() {
        let ranks: Vec<u8> = AdminRole::ALL.iter().map(|r| r.rank()).collect();
        assert_eq!(ranks, vec![0, 1, 2, 3]);
    }
}
