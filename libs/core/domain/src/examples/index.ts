export {
  EXAMPLE_TRIAL_NAMES,
  EXAMPLE_TRIALS,
  exampleTrialDefinitionJson,
  isExampleTrialName,
  type ExampleTrialName,
} from './example-trials';
