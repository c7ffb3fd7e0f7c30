//! Value sets as the OpenAPI document states them, for request fields that arrive as text and
//! are parsed by the domain (`Level`, `Category`, …): the document lists the values, the parser
//! stays the one that decides. Used only in `#[schema(value_type = …)]`.

use utoipa::ToSchema;

#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum LevelCode {
    Junior,
    Intermediate,
    Senior,
}

#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum CategoryCode {
    Professional,
    Public,
}

#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SmsPurposeCode {
    Register,
    Login,
    Reset,
    EmployerRegister,
    EmployerReset,
}
