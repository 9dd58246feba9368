package dev.tandem.core.schema;

import static dev.tandem.core.model.ObjectType.COMPANY;
import static dev.tandem.core.model.ObjectType.CONTACT;
import static dev.tandem.core.model.ObjectType.DEAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.model.ObjectType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class FieldAliasesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "E-mail, email",
    "Email Address, email",
    "e-mail address, email",
    "MAIL, email",
    "email, email",
    "E_MAIL, email",
    "First Name, firstName",
    "first_name, firstName",
    "firstname, firstName",
    "Given Name, firstName",
    "Forename, firstName",
    "Last Name, lastName",
    "Surname, lastName",
    "Family Name, lastName",
    "Name, fullName",
    "Full Name, fullName",
    "Display Name, fullName",
    "Phone, phone",
    "Telephone, phone",
    "Tel., phone",
    "Phone Number, phone",
    "Work Phone, phone",
    "Business Phone, phone",
    "Mobile, mobilePhone",
    "Mobile Phone, mobilePhone",
    "Cell, mobilePhone",
    "cell-phone, mobilePhone",
    "Company, company",
    "Organization, company",
    "Organisation, company",
    "Account, company",
    "Company Name, company",
    "Title, jobTitle",
    "Job Title, jobTitle",
    "Position, jobTitle",
    "Role, jobTitle",
    "Website, website",
    "Web Site, website",
    "URL, website",
    "Web, website",
    "Street, street",
    "Address, street",
    "Street Address, street",
    "City, city",
    "Town, city",
    "Zip, postalCode",
    "ZIP Code, postalCode",
    "Postcode, postalCode",
    "Postal Code, postalCode",
    "postal.code, postalCode",
    "State, region",
    "Region, region",
    "Province, region",
    "Country, country",
    "Birthday, birthday",
    "Date of Birth, birthday",
    "DOB, birthday",
    "Notes, notes",
    "Note, notes",
    "Comments, notes",
    "Tags, tags",
    "Labels, tags",
    "Categories, tags",
    "companyRef, companyRef",
    "  Email  , email",
  })
  void contactHeaders(String header, String canonical) {
    assertThat(FieldAliases.canonicalFor(CONTACT, header)).contains(canonical);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "Name, name",
    "Company Name, name",
    "Company, name",
    "Domain, domain",
    "Company Domain, domain",
    "Industry, industry",
    "Description, description",
    "Website, website",
    "Phone, phone",
  })
  void companyHeaders(String header, String canonical) {
    assertThat(FieldAliases.canonicalFor(COMPANY, header)).contains(canonical);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "Name, name",
    "Deal Name, name",
    "Amount, amount",
    "Value, amount",
    "Deal Value, amount",
    "Stage, stage",
    "Deal Stage, stage",
    "Close Date, closeDate",
    "Expected Close, closeDate",
    "close_date, closeDate",
    "Currency, currency",
    "Pipeline, pipeline",
    "contactRef, contactRef",
  })
  void dealHeaders(String header, String canonical) {
    assertThat(FieldAliases.canonicalFor(DEAL, header)).contains(canonical);
  }

  @Test
  void namesOfOtherTypesOrUnknownAreNotGuessed() {
    assertThat(FieldAliases.canonicalFor(CONTACT, "Deal Stage")).isEmpty();
    assertThat(FieldAliases.canonicalFor(CONTACT, "Amount")).isEmpty();
    assertThat(FieldAliases.canonicalFor(CONTACT, "Domain")).isEmpty();
    assertThat(FieldAliases.canonicalFor(COMPANY, "First Name")).isEmpty();
    assertThat(FieldAliases.canonicalFor(DEAL, "Email")).isEmpty();
    assertThat(FieldAliases.canonicalFor(CONTACT, "Shoe Size")).isEmpty();
    assertThat(FieldAliases.canonicalFor(CONTACT, "")).isEmpty();
    assertThat(FieldAliases.canonicalFor(CONTACT, null)).isEmpty();
    assertThat(FieldAliases.canonicalFor(CONTACT, "Emails")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ObjectType.class)
  void everyCanonicalNameIsItsOwnAlias(ObjectType type) {
    for (String field : CanonicalFields.of(type)) {
      assertThat(FieldAliases.canonicalFor(type, field)).as(field).contains(field);
      assertThat(FieldAliases.canonicalFor(type, field.toUpperCase())).as(field).contains(field);
    }
  }

  @Test
  void normalizeDropsSeparatorsAndCase() {
    assertThat(FieldAliases.normalize("E-Mail_Address . X")).isEqualTo("emailaddressx");
    assertThat(FieldAliases.normalize("\uFEFFEmail")).isEqualTo("email");
  }
}
