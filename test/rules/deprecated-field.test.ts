import { describeRuleFixtures } from "./rule-fixture.ts";

describeRuleFixtures("deprecated-field");
