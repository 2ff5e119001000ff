export {
  readPatientRecords,
  readPatientRecord,
  groupByPatient,
  patientIdOf,
  PATIENTS_PER_SEARCH,
} from './patient-records';
