export {
  checkIdCardNumber,
  ID_CARD_MESSAGES,
  idCardCheckChar,
  type IdCardProblem,
  isValidIdCardNumber,
} from './id-card.js';
export {
  checkLoginName,
  checkPassword,
  isSmsCodeFormat,
  isValidMobile,
  LOGIN_NAME_MAX,
  LOGIN_NAME_MIN,
  PASSWORD_MAX,
  PASSWORD_MIN,
  type PasswordCheck,
  type PasswordStrength,
} from './account.js';
export { maskEmail, maskIdCard, maskPersonalData, maskPersonName, maskPhone } from './mask.js';
