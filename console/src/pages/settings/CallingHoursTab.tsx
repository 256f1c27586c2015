export default function CallingHoursTab() {
  return <div>CallingHoursTab</div>;
}
