"""The GraphQL operations the tests send, written once."""

PERSON_FIELDS = "id name area interests skills accessNeeds recorded { by at }"

CREATE_PERSON = f"""
mutation($input: PersonInput!) {{ createPerson(input: $input) {{ {PERSON_FIELDS} }} }}
"""
UPDATE_PERSON = f"""
mutation($id: ID!, $input: PersonUpdateInput!) {{
  updatePerson(id: $id, input: $input) {{ {PERSON_FIELDS} }}
}}
"""
CREATE_ORGANISATION = """
mutation($input: OrganisationInput!) {
  createOrganisation(input: $input) { id name kind category area interests accessibility description }
}
"""
UPDATE_ORGANISATION = """
mutation($id: ID!, $input: OrganisationUpdateInput!) {
  updateOrganisation(id: $id, input: $input) { id name kind area }
}
"""
TIE_FIELDS = "id kind paid label since until person { id } other { id } recorded { by }"
RECORD_TIE = f"""
mutation($input: TieInput!) {{ recordTie(input: $input) {{ {TIE_FIELDS} }} }}
"""
END_TIE = f"""
mutation($id: ID!, $until: Date!) {{ endTie(id: $id, until: $until) {{ {TIE_FIELDS} }} }}
"""
CORRECT_TIE = f"""
mutation($id: ID!, $input: TieCorrectionInput!) {{
  correctTie(id: $id, input: $input) {{ {TIE_FIELDS} corrections {{ reason before recorded {{ by }} }} }}
}}
"""
PARTICIPATION_FIELDS = "id role title since until person { id } organisation { id name }"
RECORD_PARTICIPATION = f"""
mutation($input: ParticipationInput!) {{
  recordParticipation(input: $input) {{ {PARTICIPATION_FIELDS} }}
}}
"""
END_PARTICIPATION = f"""
mutation($id: ID!, $until: Date!) {{
  endParticipation(id: $id, until: $until) {{ {PARTICIPATION_FIELDS} }}
}}
"""
CORRECT_PARTICIPATION = f"""
mutation($id: ID!, $input: ParticipationCorrectionInput!) {{
  correctParticipation(id: $id, input: $input) {{ {PARTICIPATION_FIELDS} corrections {{ reason before }} }}
}}
"""
PERSON_TIES = """
query($id: ID!, $at: Date, $ended: Boolean = false) {
  person(id: $id) {
    name
    ties(at: $at, includeEnded: $ended) { id kind paid since until contact { id name } }
    participations(at: $at, includeEnded: $ended) { id role title organisation { name kind } }
  }
}
"""
PEOPLE = """
query($search: String, $area: String, $interest: String, $first: Int! = 20, $after: String) {
  people(search: $search, area: $area, interest: $interest, first: $first, after: $after) {
    edges { cursor node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
NETWORK_EXPORT = """
query($cohort: CohortInput!, $format: ExportFormat!, $at: Date, $from: Date, $to: Date) {
  networkExport(cohort: $cohort, format: $format, at: $at, from: $from, to: $to) {
    format at from to nodes edges files { filename mediaType content }
  }
}
"""
